/* near.h — assert_near: doubles equal within a tolerance, compared in double precision
 * (cmocka's assert_float_equal converts to float, which hides differences below about
 * one part in 10^7). The message names the expression. Also assert_contains.
 * Include after <cmocka.h>. */
#ifndef GP_TEST_NEAR_H
#define GP_TEST_NEAR_H

#include <math.h>
#include <string.h>

#define assert_near(a, b, tol)                                                                     \
	do {                                                                                       \
		double a_ = (a), b_ = (b);                                                         \
		if (!(fabs(a_ - b_) <= (tol)))                                                     \
			fail_msg("%s = %.17g, expected %.17g ± %g", #a, a_, b_, (double)(tol));    \
	} while (0)

/* hay contains needle (strings). */
#define assert_contains(hay, needle)                                                               \
	do {                                                                                       \
		if (!strstr((hay), (needle)))                                                      \
			fail_msg("\"%s\" does not contain \"%s\"", (hay), (needle));               \
	} while (0)

#endif
