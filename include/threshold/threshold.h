// Umbrella header for the Threshold library: includes the public headers and nothing else.
#ifndef THRESHOLD_THRESHOLD_H_
#define THRESHOLD_THRESHOLD_H_

#include "threshold/calendar.h"
#include "threshold/date.h"
#include "threshold/diagnostic.h"
#include "threshold/facts.h"
#include "threshold/rules.h"
#include "threshold/screening.h"
#include "threshold/version.h"

#endif  // THRESHOLD_THRESHOLD_H_
