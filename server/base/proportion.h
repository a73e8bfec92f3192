// A proportion's 95 % Wilson score interval: how sure a rate is (an
// acceptance rate in the app, a calibration's rates). Pure; thread-safe.
#ifndef LEADGATE_SERVER_BASE_PROPORTION_H_
#define LEADGATE_SERVER_BASE_PROPORTION_H_

namespace leadgate {

struct Interval {
  double low = 0;
  double high = 0;
};

// Wilson score interval for `successes` of `trials` at 95% (z = 1.96).
// `trials` may be an effective (non-integer) sample size; none: [0, 1].
Interval WilsonInterval(double successes, double trials);

}  // namespace leadgate

#endif  // LEADGATE_SERVER_BASE_PROPORTION_H_
