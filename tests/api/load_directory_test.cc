// Reading a rule pack from a directory never loses a file silently (issue #12): a file that cannot
// be opened or read, a directory named like a rule file, a loop of links, a file over the size
// limit (checked before it is read) are each an error naming the file, and a pack that lists its
// reviews cannot lose one and still check clean. CI runs as root, whom permission bits do not
// stop, so the read failure is injected through the reader LoadDirectoryWith takes.
#include "api/load_directory.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compile/program.h"
#include "robustness/robustness_util.h"

namespace threshold {
namespace {

namespace fs = std::filesystem;
using robustness::Codes;

// A copy of the England pack's core files (the pack, the vocabulary, the five reviews) and the
// calendar in a fresh directory.
class LoadDirectoryTest : public robustness::ScratchTest {
 protected:
  fs::path CorePack(const std::string& name) {
    fs::path dir = Temp(name);
    fs::create_directories(dir);
    fs::path england = fs::path(THRESHOLD_SOURCE_DIR) / "rules" / "england";
    for (const char* file : {"pack.rules", "vocabulary.rules", "cspr.rules", "sar.rules", "dhr.rules",
                             "cdr.rules", "owhr.rules", "bank-holidays.txt"}) {
      fs::copy_file(england / file, dir / file);
    }
    return dir;
  }

  static std::string Messages(const CompileResult& result) {
    std::string out;
    for (const Diagnostic& d : result.diagnostics) out += d.where.file + ": " + d.message + " [" + d.code + "]\n";
    return out;
  }
};

TEST_F(LoadDirectoryTest, TheCorePackLoadsWithItsFiveReviews) {
  CompileResult result = Rules::LoadDirectory(CorePack("core").string());
  ASSERT_TRUE(result.ok()) << Messages(result);
  EXPECT_EQ(result.rules->program().model.reviews.size(), 5u);
}

TEST_F(LoadDirectoryTest, AFileThatCannotBeReadIsAnErrorNamingIt) {
  fs::path dir = CorePack("unreadable");
  // As for a file with permission 000 read by another user.
  int calls = 0;
  CompileResult result = internal::LoadDirectoryWith(
      dir.string(), [&](const fs::path& path, std::size_t size, std::string& text, std::string& error) {
        ++calls;
        if (path.filename() == "dhr.rules") {
          error = "Permission denied";
          return false;
        }
        return internal::ReadRuleFile(path, size, text, error);
      });
  EXPECT_FALSE(result.ok());
  ASSERT_EQ(result.diagnostics.size(), 1u) << Messages(result);  // that error alone, no cascade
  EXPECT_EQ(result.diagnostics[0].code, "E308");
  EXPECT_EQ(result.diagnostics[0].where.file, "dhr.rules");
  EXPECT_NE(result.diagnostics[0].message.find("dhr.rules"), std::string::npos);
  EXPECT_NE(result.diagnostics[0].message.find("Permission denied"), std::string::npos);
  EXPECT_EQ(calls, 8);  // every other file was still read (and its problems would be reported)
}

TEST_F(LoadDirectoryTest, AReadThatStopsShortIsAnError) {
  fs::path dir = CorePack("short");
  CompileResult result = internal::LoadDirectoryWith(
      dir.string(), [&](const fs::path& path, std::size_t size, std::string& text, std::string& error) {
        if (path.filename() == "sar.rules") {
          text.assign(size / 2, ' ');
          error = "Input/output error";
          return false;
        }
        return internal::ReadRuleFile(path, size, text, error);
      });
  ASSERT_EQ(Codes(result), "E308") << Messages(result);
  EXPECT_EQ(result.diagnostics[0].where.file, "sar.rules");
}

TEST_F(LoadDirectoryTest, PermissionBitsStopOtherUsers) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads any file; the injected failure above covers this";
  fs::path dir = CorePack("mode000");
  fs::permissions(dir / "dhr.rules", fs::perms::none);
  CompileResult result = Rules::LoadDirectory(dir.string());
  fs::permissions(dir / "dhr.rules", fs::perms::owner_read | fs::perms::owner_write);
  ASSERT_EQ(Codes(result), "E308") << Messages(result);
  EXPECT_EQ(result.diagnostics[0].where.file, "dhr.rules");
}

TEST_F(LoadDirectoryTest, ADirectoryNamedLikeARuleFileIsAnError) {
  fs::path dir = CorePack("dir-named-rules");
  fs::remove(dir / "dhr.rules");
  fs::create_directory(dir / "dhr.rules");
  CompileResult result = Rules::LoadDirectory(dir.string());
  ASSERT_EQ(Codes(result), "E308") << Messages(result);
  EXPECT_EQ(result.diagnostics[0].where.file, "dhr.rules");
  EXPECT_NE(result.diagnostics[0].message.find("is a directory"), std::string::npos);
}

TEST_F(LoadDirectoryTest, LinksThatLoopOrLeadNowhereAreErrorsNotACrash) {
  fs::path dir = CorePack("links");
  fs::create_symlink("loop.rules", dir / "loop.rules");
  fs::create_symlink("nowhere/at/all.rules", dir / "dangling.rules");
  CompileResult result = Rules::LoadDirectory(dir.string());
  ASSERT_EQ(Codes(result), "E308 E308") << Messages(result);
  EXPECT_EQ(result.diagnostics[0].where.file, "dangling.rules");
  EXPECT_EQ(result.diagnostics[1].where.file, "loop.rules");
}

TEST_F(LoadDirectoryTest, AnOversizedFileIsRefusedBeforeItIsRead) {
  fs::path dir = CorePack("big");
  {  // sparse: 64 MB of size, no disk used
    std::ofstream big(dir / "big.rules", std::ios::binary);
  }
  fs::resize_file(dir / "big.rules", std::uintmax_t{64} << 20);
  bool read_big = false;
  CompileResult result = internal::LoadDirectoryWith(
      dir.string(), [&](const fs::path& path, std::size_t size, std::string& text, std::string& error) {
        if (path.filename() == "big.rules") read_big = true;
        return internal::ReadRuleFile(path, size, text, error);
      });
  ASSERT_EQ(Codes(result), "E106") << Messages(result);
  EXPECT_EQ(result.diagnostics[0].where.file, "big.rules");
  EXPECT_FALSE(read_big);
}

TEST_F(LoadDirectoryTest, AMissingReviewFileCannotPassTheCheck) {
  fs::path dir = CorePack("missing");
  fs::remove(dir / "cdr.rules");  // no other review reads the child death review's outcome
  CompileResult result = Rules::LoadDirectory(dir.string());
  ASSERT_EQ(Codes(result), "E313") << Messages(result);
  EXPECT_EQ(result.diagnostics[0].where.file, "pack.rules");
  EXPECT_NE(result.diagnostics[0].message.find("'cdr'"), std::string::npos);
}

TEST_F(LoadDirectoryTest, AReviewThePackDoesNotListIsAnError) {
  fs::path dir = CorePack("unlisted");
  robustness::WriteFile(dir / "zz.rules", R"(review extra "An extra review"
  decided by "someone"
  dated by aware_date
  cite statute "An Act" "s1"
  rules extra_2020 "Extra"
    in force from 2020-01-01
    cite statute "An Act" "s1"
    otherwise none "None"
      cite statute "An Act" "s1"
  end
end
)");
  CompileResult result = Rules::LoadDirectory(dir.string());
  ASSERT_EQ(Codes(result), "E313") << Messages(result);
  EXPECT_EQ(result.diagnostics[0].where.file, "zz.rules");
}

TEST_F(LoadDirectoryTest, CheckAndScreenFailLoudlyOnAnUnreadablePack) {
  fs::path dir = CorePack("cli");
  fs::remove(dir / "dhr.rules");
  fs::create_directory(dir / "dhr.rules");
  robustness::WriteFile(dir / "case.json", R"({"subject": {"age": 30}})");
  robustness::Output check = Exec({"check", dir.string()});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.err.find("dhr.rules"), std::string::npos) << check.err;
  robustness::Output screen = Exec({"screen", "--rules", dir.string(), (dir / "case.json").string()});
  EXPECT_EQ(screen.exit_code, 2);
  EXPECT_TRUE(screen.out.empty()) << screen.out;  // no result without its dhr key
  EXPECT_NE(screen.err.find("dhr.rules"), std::string::npos) << screen.err;
}

}  // namespace
}  // namespace threshold
