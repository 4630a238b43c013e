/* harness.h - a tiny test harness: CHECK macros and an "N passed, N failed" line. */
#ifndef MB_HARNESS_H
#define MB_HARNESS_H

#include <stdio.h>
#include <string.h>

static int t_passed, t_failed;

#define CHECK(cond) CHECK_MSG(cond, "%s", #cond)
#define CHECK_MSG(cond, ...)                                              \
	do {                                                              \
		if (cond) {                                               \
			t_passed++;                                       \
		} else {                                                  \
			t_failed++;                                       \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);                     \
			fputc('\n', stderr);                              \
		}                                                         \
	} while (0)
#define CHECK_INT(a, b)                                                   \
	do {                                                              \
		long long a_ = (long long)(a), b_ = (long long)(b);       \
		CHECK_MSG(a_ == b_, "%s == %s: got %lld, want %lld", #a, #b, a_, b_); \
	} while (0)
#define CHECK_STR(a, b)                                                   \
	do {                                                              \
		const char *a_ = (a), *b_ = (b);                          \
		CHECK_MSG(a_ && b_ && strcmp(a_, b_) == 0,                \
		          "%s == %s: got \"%s\", want \"%s\"", #a, #b,    \
		          a_ ? a_ : "(null)", b_ ? b_ : "(null)");        \
	} while (0)

/* Last line of every test program; tests/run.sh adds them up. */
#define TEST_END()                                                        \
	(printf("%d passed, %d failed\n", t_passed, t_failed), t_failed ? 1 : 0)

#endif
