// Tests for threshold::common::Sha256 against the FIPS 180-2 / NIST example
// vectors, messages whose lengths straddle the padding boundaries, and
// incremental hashing in every chunk size from 1 to 130 bytes, so that rule
// pack fingerprints are the standard SHA-256 however the input is fed in.

#include "common/sha256.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace threshold::common {
namespace {

TEST(Sha256Test, EmptyString) {
  EXPECT_EQ(Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256Test, Abc) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, TwoBlock448BitMessage) {
  EXPECT_EQ(
      Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, TwoBlock896BitMessage) {
  EXPECT_EQ(
      Sha256Hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"),
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(Sha256Test, OneMillionA) {
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, OneMillionAFedInPieces) {
  Sha256 hasher;
  const std::string piece(1000, 'a');
  for (int i = 0; i < 1000; ++i) hasher.Update(piece);
  EXPECT_EQ(hasher.FinishHex(),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, LengthsAroundPaddingBoundaries) {
  // 55 bytes is the most that fits with the padding in one block; 56 to 63
  // push the length field into a second block.
  struct Case {
    size_t length;
    const char* hex;
  };
  const Case cases[] = {
      {55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
      {56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
      {57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6"},
      {63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
      {64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
      {65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
      {111, "6374f73208854473827f6f6a3f43b1f53eaa3b82c21c1a6d69a2110b2a79baad"},
      {119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
      {120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
      {127, "c57e9278af78fa3cab38667bef4ce29d783787a2f731d4e12200270f0c32320a"},
      {128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Sha256Hex(std::string(c.length, 'a')), c.hex) << c.length;
  }
}

// 1000 bytes covering every byte value, including zero and bytes above 0x7f
// (which must not be sign-extended).
std::string TestMessage() {
  std::string message;
  for (int i = 0; i < 1000; ++i) {
    message.push_back(static_cast<char>((i * 131 + 7) % 256));
  }
  return message;
}

TEST(Sha256Test, BinaryMessage) {
  EXPECT_EQ(Sha256Hex(TestMessage()),
            "533b698850849b7908b20a22658f639c0b2a476f1791f85f50188287c31a9aba");
}

TEST(Sha256Test, ChunkedMatchesWholeForChunkSizes1To130) {
  const std::string message = TestMessage();
  const std::string whole = Sha256Hex(message);
  for (size_t chunk = 1; chunk <= 130; ++chunk) {
    Sha256 hasher;
    for (size_t offset = 0; offset < message.size(); offset += chunk) {
      hasher.Update(std::string_view(message).substr(offset, chunk));
    }
    EXPECT_EQ(hasher.FinishHex(), whole) << "chunk size " << chunk;
  }
}

TEST(Sha256Test, EmptyUpdatesChangeNothing) {
  Sha256 hasher;
  hasher.Update("");
  hasher.Update("ab");
  hasher.Update("");
  hasher.Update("c");
  EXPECT_EQ(hasher.FinishHex(), Sha256Hex("abc"));
}

TEST(Sha256Test, FinishReturnsRawBytesMatchingHex) {
  Sha256 hasher;
  hasher.Update("abc");
  const std::array<uint8_t, 32> digest = hasher.Finish();
  EXPECT_EQ(digest[0], 0xba);
  EXPECT_EQ(digest[1], 0x78);
  EXPECT_EQ(digest[30], 0x15);
  EXPECT_EQ(digest[31], 0xad);
}

TEST(Sha256Test, FinishResetsForTheNextMessage) {
  Sha256 hasher;
  hasher.Update("some earlier message");
  hasher.FinishHex();
  hasher.Update("abc");
  EXPECT_EQ(hasher.FinishHex(), Sha256Hex("abc"));
  EXPECT_EQ(hasher.FinishHex(), Sha256Hex(""));
}

}  // namespace
}  // namespace threshold::common
