/* near.h — assert_near: doubles equal within a tolerance, compared in double precision
 * (cmocka's assert_float_equal converts to float, which hides differences below about
 * one part in 10^7). Include after <cmocka.h>. */
#ifndef GP_TEST_NEAR_H
#define GP_TEST_NEAR_H

#include <math.h>

#define assert_near(a, b, tol)                                                                     \
	assert_near_at((double)(a), (double)(b), (double)(tol), __FILE__, __LINE__)

static inline void assert_near_at(double a, double b, double tol, const char *file, int line)
{
	if (!(fabs(a - b) <= tol)) {
		print_error("%.17g != %.17g (tolerance %g)\n", a, b, tol);
		_fail(file, line);
	}
}

#endif
