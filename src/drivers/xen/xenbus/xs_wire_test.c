// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the xenstore wire format helpers: what they make of
 * well-formed messages and of the malformed ones a buggy or hostile
 * xenstored could put on the ring.
 *
 * Payloads are copied into buffers of exactly their length, so that with
 * KASAN any read past the length a helper was given is reported.
 */

#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "xs_wire.h"

struct xs_test_payload {
	const char *buf;
	unsigned int len;
};

/* A copy of the first @len bytes of @src in a buffer of exactly @len bytes. */
static struct xs_test_payload xs_test_payload(struct kunit *test,
					      const char *src, unsigned int len)
{
	struct xs_test_payload p = { .len = len };
	char *buf;

	buf = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	memcpy(buf, src, len);
	p.buf = buf;
	return p;
}

/* A string literal as a payload: embedded NULs kept, the implicit one dropped. */
#define XS_PAYLOAD(test, lit)	xs_test_payload(test, lit, sizeof(lit) - 1)

/* Stored in output parameters to see whether a helper wrote them. */
static const char *const xs_test_unset = "unset";

static struct xsd_sockmsg xs_test_hdr(u32 type, u32 len)
{
	struct xsd_sockmsg hdr = {
		.type = type,
		.req_id = 0xdeadbeef,
		.tx_id = 0xffffffff,
		.len = len,
	};

	return hdr;
}

static int xs_test_check(u32 type, u32 len)
{
	struct xsd_sockmsg hdr = xs_test_hdr(type, len);

	return xs_check_header(&hdr);
}

/* The ABI header against xs_wire.h and docs/misc/xenstore-ring.txt. */
static void xs_test_abi_layout(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(struct xsd_sockmsg), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct xsd_sockmsg, type), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct xsd_sockmsg, req_id), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct xsd_sockmsg, tx_id), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct xsd_sockmsg, len), 12);

	KUNIT_EXPECT_EQ(test, offsetof(struct xenstore_domain_interface, req), 0);
	KUNIT_EXPECT_EQ(test, offsetof(struct xenstore_domain_interface, rsp), 1024);
	KUNIT_EXPECT_EQ(test, offsetof(struct xenstore_domain_interface, req_cons), 2048);
	KUNIT_EXPECT_EQ(test, offsetof(struct xenstore_domain_interface, req_prod), 2052);
	KUNIT_EXPECT_EQ(test, offsetof(struct xenstore_domain_interface, rsp_cons), 2056);
	KUNIT_EXPECT_EQ(test, offsetof(struct xenstore_domain_interface, rsp_prod), 2060);
	KUNIT_EXPECT_EQ(test,
			offsetof(struct xenstore_domain_interface, server_features),
			2064);
	KUNIT_EXPECT_EQ(test,
			offsetof(struct xenstore_domain_interface, connection),
			2068);
	KUNIT_EXPECT_EQ(test, offsetof(struct xenstore_domain_interface, error), 2072);

	KUNIT_EXPECT_EQ(test, XS_CONTROL, 0);
	KUNIT_EXPECT_EQ(test, XS_DEBUG, 0);
	KUNIT_EXPECT_EQ(test, XS_DIRECTORY, 1);
	KUNIT_EXPECT_EQ(test, XS_WATCH_EVENT, 15);
	KUNIT_EXPECT_EQ(test, XS_ERROR, 16);
	KUNIT_EXPECT_EQ(test, XS_SET_TARGET, 19);
	KUNIT_EXPECT_EQ(test, XS_RESET_WATCHES, 21);
	KUNIT_EXPECT_EQ(test, XS_DIRECTORY_PART, 22);
	KUNIT_EXPECT_EQ(test, XS_TYPE_COUNT, 23);
	KUNIT_EXPECT_EQ(test, XS_INVALID, 0xffff);
	KUNIT_EXPECT_EQ(test, XENSTORE_PAYLOAD_MAX, 4096);
	KUNIT_EXPECT_EQ(test, XENSTORE_RING_SIZE, 1024);
	KUNIT_EXPECT_EQ(test, MASK_XENSTORE_IDX(0xfffffc05U), 5);
}

static void xs_test_header_good(struct kunit *test)
{
	static const u32 types[] = {
		XS_CONTROL, XS_DIRECTORY, XS_READ, XS_GET_PERMS, XS_WATCH,
		XS_UNWATCH, XS_TRANSACTION_START, XS_TRANSACTION_END,
		XS_INTRODUCE, XS_RELEASE, XS_GET_DOMAIN_PATH, XS_WRITE,
		XS_MKDIR, XS_RM, XS_SET_PERMS, XS_WATCH_EVENT, XS_ERROR,
		XS_IS_DOMAIN_INTRODUCED, XS_RESUME, XS_SET_TARGET,
		XS_RESET_WATCHES, XS_DIRECTORY_PART,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		KUNIT_EXPECT_EQ_MSG(test, xs_test_check(types[i], 0), 0,
				    "type %u", types[i]);
		KUNIT_EXPECT_EQ_MSG(test, xs_test_check(types[i], 7), 0,
				    "type %u", types[i]);
	}
}

static void xs_test_header_len(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xs_test_check(XS_READ, 0), 0);
	KUNIT_EXPECT_EQ(test, xs_test_check(XS_READ, XENSTORE_PAYLOAD_MAX), 0);
	KUNIT_EXPECT_EQ(test, xs_test_check(XS_READ, XENSTORE_PAYLOAD_MAX + 1),
			-E2BIG);
	KUNIT_EXPECT_EQ(test, xs_test_check(XS_ERROR, XENSTORE_PAYLOAD_MAX + 1),
			-E2BIG);
	KUNIT_EXPECT_EQ(test, xs_test_check(XS_WATCH_EVENT, 0x80000000U), -E2BIG);
	KUNIT_EXPECT_EQ(test, xs_test_check(XS_READ, U32_MAX), -E2BIG);
}

static void xs_test_header_bad_type(struct kunit *test)
{
	/* 20 is the withdrawn XS_RESTRICT. */
	KUNIT_EXPECT_EQ(test, xs_test_check(20, 0), -EIO);
	KUNIT_EXPECT_EQ(test, xs_test_check(XS_TYPE_COUNT, 0), -EIO);
	KUNIT_EXPECT_EQ(test, xs_test_check(XS_TYPE_COUNT + 1, 0), -EIO);
	KUNIT_EXPECT_EQ(test, xs_test_check(XS_INVALID, 0), -EIO);
	KUNIT_EXPECT_EQ(test, xs_test_check(0x10000, 0), -EIO);
	KUNIT_EXPECT_EQ(test, xs_test_check(0x80000000U, 0), -EIO);
	KUNIT_EXPECT_EQ(test, xs_test_check(U32_MAX, 0), -EIO);
	/* A header that is garbage all over is reported as such. */
	KUNIT_EXPECT_EQ(test, xs_test_check(XS_INVALID, U32_MAX), -EIO);
}

/* Written out independently of the table in xs_wire.c. */
static const struct {
	const char *name;
	int err;
} xs_test_errnos[] = {
	{ "EINVAL", EINVAL },
	{ "EACCES", EACCES },
	{ "EEXIST", EEXIST },
	{ "EISDIR", EISDIR },
	{ "ENOENT", ENOENT },
	{ "ENOMEM", ENOMEM },
	{ "ENOSPC", ENOSPC },
	{ "EIO", EIO },
	{ "ENOTEMPTY", ENOTEMPTY },
	{ "ENOSYS", EOPNOTSUPP },
	{ "EROFS", EROFS },
	{ "EBUSY", EBUSY },
	{ "EAGAIN", EAGAIN },
	{ "EISCONN", EISCONN },
	{ "E2BIG", E2BIG },
	{ "EPERM", EPERM },
};

static void xs_test_errno_names(struct kunit *test)
{
	char tmp[16];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xs_test_errnos); i++) {
		const char *name = xs_test_errnos[i].name;
		unsigned int n = strlen(name);
		struct xs_test_payload p;

		/* As xenstored sends it: "ENOENT\0". */
		p = xs_test_payload(test, name, n + 1);
		KUNIT_EXPECT_EQ_MSG(test, xs_reply_errno(p.buf, p.len),
				    -xs_test_errnos[i].err, "%s", name);

		/* Without the NUL. */
		p = xs_test_payload(test, name, n);
		KUNIT_EXPECT_EQ_MSG(test, xs_reply_errno(p.buf, p.len),
				    -xs_test_errnos[i].err, "%s unterminated", name);

		/* Bytes after the NUL are ignored. */
		memset(tmp, 'X', sizeof(tmp));
		memcpy(tmp, name, n + 1);
		p = xs_test_payload(test, tmp, sizeof(tmp));
		KUNIT_EXPECT_EQ_MSG(test, xs_reply_errno(p.buf, p.len),
				    -xs_test_errnos[i].err, "%s + junk", name);
	}
}

static void xs_test_errno_unknown(struct kunit *test)
{
	static const char * const bad[] = {
		"EFOO", "EOPNOTSUPP", "EWOULDBLOCK", "einval", " EINVAL",
		"EINVAL ", "EINVALX", "EINVA", "EACCESS", "E", "OK",
	};
	struct xs_test_payload p;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		p = xs_test_payload(test, bad[i], strlen(bad[i]) + 1);
		KUNIT_EXPECT_EQ_MSG(test, xs_reply_errno(p.buf, p.len), -EIO,
				    "\"%s\"", bad[i]);
		p = xs_test_payload(test, bad[i], strlen(bad[i]));
		KUNIT_EXPECT_EQ_MSG(test, xs_reply_errno(p.buf, p.len), -EIO,
				    "\"%s\" unterminated", bad[i]);
	}

	/* Empty names. */
	p = XS_PAYLOAD(test, "");
	KUNIT_EXPECT_EQ(test, xs_reply_errno(p.buf, p.len), -EIO);
	p = XS_PAYLOAD(test, "\0");
	KUNIT_EXPECT_EQ(test, xs_reply_errno(p.buf, p.len), -EIO);
	p = XS_PAYLOAD(test, "\0EINVAL\0");
	KUNIT_EXPECT_EQ(test, xs_reply_errno(p.buf, p.len), -EIO);
}

static void xs_test_errno_len(struct kunit *test)
{
	struct xs_test_payload p;

	/* Only @len bytes make the name. */
	p = xs_test_payload(test, "EPERMX", 5);
	KUNIT_EXPECT_EQ(test, xs_reply_errno(p.buf, p.len), -EPERM);
	p = xs_test_payload(test, "EPERMX", 6);
	KUNIT_EXPECT_EQ(test, xs_reply_errno(p.buf, p.len), -EIO);
	p = xs_test_payload(test, "EROFS\0", 4);
	KUNIT_EXPECT_EQ(test, xs_reply_errno(p.buf, p.len), -EIO);
	p = xs_test_payload(test, "ENOENT\0", 0);
	KUNIT_EXPECT_EQ(test, xs_reply_errno(p.buf, p.len), -EIO);
	p = xs_test_payload(test, "EISCONN", 3);
	KUNIT_EXPECT_EQ(test, xs_reply_errno(p.buf, p.len), -EIO);
	p = xs_test_payload(test, "EBUSYEBUSY", 5);
	KUNIT_EXPECT_EQ(test, xs_reply_errno(p.buf, p.len), -EBUSY);
}

static void xs_test_split_empty(struct kunit *test)
{
	const char *vec[2] = { xs_test_unset, xs_test_unset };
	struct xs_test_payload p = XS_PAYLOAD(test, "");

	KUNIT_EXPECT_EQ(test, xs_split_strings(p.buf, p.len, vec, 2), 0);
	KUNIT_EXPECT_PTR_EQ(test, vec[0], xs_test_unset);
	/* Zero strings fit in a zero-sized vector. */
	KUNIT_EXPECT_EQ(test, xs_split_strings(p.buf, p.len, NULL, 0), 0);
}

static void xs_test_split_one(struct kunit *test)
{
	const char *vec[2] = { xs_test_unset, xs_test_unset };
	struct xs_test_payload p = XS_PAYLOAD(test, "domain\0");

	KUNIT_ASSERT_EQ(test, xs_split_strings(p.buf, p.len, vec, 2), 1);
	KUNIT_EXPECT_PTR_EQ(test, vec[0], p.buf);
	KUNIT_EXPECT_STREQ(test, vec[0], "domain");
	KUNIT_EXPECT_PTR_EQ(test, vec[1], xs_test_unset);
}

static void xs_test_split_several(struct kunit *test)
{
	const char *vec[4];
	struct xs_test_payload p = XS_PAYLOAD(test, "0\0backend\0device\0");

	KUNIT_ASSERT_EQ(test, xs_split_strings(p.buf, p.len, vec, 4), 3);
	KUNIT_EXPECT_PTR_EQ(test, vec[0], p.buf);
	KUNIT_EXPECT_PTR_EQ(test, vec[1], p.buf + 2);
	KUNIT_EXPECT_PTR_EQ(test, vec[2], p.buf + 10);
	KUNIT_EXPECT_STREQ(test, vec[0], "0");
	KUNIT_EXPECT_STREQ(test, vec[1], "backend");
	KUNIT_EXPECT_STREQ(test, vec[2], "device");
}

static void xs_test_split_empty_strings(struct kunit *test)
{
	const char *vec[4];
	struct xs_test_payload p;

	p = XS_PAYLOAD(test, "\0");
	KUNIT_ASSERT_EQ(test, xs_split_strings(p.buf, p.len, vec, 4), 1);
	KUNIT_EXPECT_STREQ(test, vec[0], "");

	p = XS_PAYLOAD(test, "a\0\0b\0");
	KUNIT_ASSERT_EQ(test, xs_split_strings(p.buf, p.len, vec, 4), 3);
	KUNIT_EXPECT_STREQ(test, vec[0], "a");
	KUNIT_EXPECT_PTR_EQ(test, vec[1], p.buf + 2);
	KUNIT_EXPECT_STREQ(test, vec[1], "");
	KUNIT_EXPECT_PTR_EQ(test, vec[2], p.buf + 3);
	KUNIT_EXPECT_STREQ(test, vec[2], "b");

	p = XS_PAYLOAD(test, "\0\0\0");
	KUNIT_ASSERT_EQ(test, xs_split_strings(p.buf, p.len, vec, 4), 3);
	KUNIT_EXPECT_PTR_EQ(test, vec[2], p.buf + 2);
}

static void xs_test_split_unterminated(struct kunit *test)
{
	const char *vec[4];
	struct xs_test_payload p;

	p = XS_PAYLOAD(test, "abc");
	KUNIT_EXPECT_EQ(test, xs_split_strings(p.buf, p.len, vec, 4), -EIO);
	p = XS_PAYLOAD(test, "a\0b");
	KUNIT_EXPECT_EQ(test, xs_split_strings(p.buf, p.len, vec, 4), -EIO);
	p = XS_PAYLOAD(test, "a\0b\0c");
	KUNIT_EXPECT_EQ(test, xs_split_strings(p.buf, p.len, vec, 4), -EIO);
	/* Cut short by @len: the final NUL is outside the payload. */
	p = xs_test_payload(test, "a\0bc\0", 4);
	KUNIT_EXPECT_EQ(test, xs_split_strings(p.buf, p.len, vec, 4), -EIO);
	/* Cut on a boundary: what remains is well formed. */
	p = xs_test_payload(test, "a\0bc\0", 2);
	KUNIT_EXPECT_EQ(test, xs_split_strings(p.buf, p.len, vec, 4), 1);
}

static void xs_test_split_too_many(struct kunit *test)
{
	const char *vec[4] = {
		xs_test_unset, xs_test_unset, xs_test_unset, xs_test_unset,
	};
	struct xs_test_payload p = XS_PAYLOAD(test, "a\0b\0c\0");

	KUNIT_EXPECT_EQ(test, xs_split_strings(p.buf, p.len, vec, 2), -E2BIG);
	/* Nothing written past @max. */
	KUNIT_EXPECT_PTR_EQ(test, vec[2], xs_test_unset);
	KUNIT_EXPECT_PTR_EQ(test, vec[3], xs_test_unset);

	KUNIT_EXPECT_EQ(test, xs_split_strings(p.buf, p.len, vec, 3), 3);
	KUNIT_EXPECT_PTR_EQ(test, vec[3], xs_test_unset);

	/* No room at all. */
	p = XS_PAYLOAD(test, "\0");
	KUNIT_EXPECT_EQ(test, xs_split_strings(p.buf, p.len, vec, 0), -E2BIG);
	p = XS_PAYLOAD(test, "a\0");
	vec[0] = xs_test_unset;
	KUNIT_EXPECT_EQ(test, xs_split_strings(p.buf, p.len, vec, 0), -E2BIG);
	KUNIT_EXPECT_PTR_EQ(test, vec[0], xs_test_unset);
}

static void xs_test_watch_good(struct kunit *test)
{
	const char *path = xs_test_unset, *token = xs_test_unset;
	struct xs_test_payload p;

	p = XS_PAYLOAD(test, "/local/domain/0/backend\0ffff888004a0c000\0");
	KUNIT_ASSERT_EQ(test, xs_parse_watch_event(p.buf, p.len, &path, &token), 0);
	KUNIT_EXPECT_PTR_EQ(test, path, p.buf);
	KUNIT_EXPECT_PTR_EQ(test, token, p.buf + 24);
	KUNIT_EXPECT_STREQ(test, path, "/local/domain/0/backend");
	KUNIT_EXPECT_STREQ(test, token, "ffff888004a0c000");

	/* An empty token is still a token. */
	p = XS_PAYLOAD(test, "device\0\0");
	KUNIT_ASSERT_EQ(test, xs_parse_watch_event(p.buf, p.len, &path, &token), 0);
	KUNIT_EXPECT_STREQ(test, path, "device");
	KUNIT_EXPECT_PTR_EQ(test, token, p.buf + 7);
	KUNIT_EXPECT_STREQ(test, token, "");
}

static void xs_test_watch_extra(struct kunit *test)
{
	const char *path = xs_test_unset, *token = xs_test_unset;
	struct xs_test_payload p;

	p = XS_PAYLOAD(test, "p\0t\0extra\0");
	KUNIT_ASSERT_EQ(test, xs_parse_watch_event(p.buf, p.len, &path, &token), 0);
	KUNIT_EXPECT_STREQ(test, path, "p");
	KUNIT_EXPECT_STREQ(test, token, "t");

	/* Extras are not parsed, so they need not be well formed. */
	p = XS_PAYLOAD(test, "p\0tok\0\0junk");
	KUNIT_ASSERT_EQ(test, xs_parse_watch_event(p.buf, p.len, &path, &token), 0);
	KUNIT_EXPECT_PTR_EQ(test, token, p.buf + 2);
	KUNIT_EXPECT_STREQ(test, token, "tok");
}

static void xs_test_watch_bad(struct kunit *test)
{
	static const struct {
		const char *buf;
		unsigned int len;
	} bad[] = {
		{ "", 0 },		/* nothing */
		{ "path", 4 },		/* unterminated path, no token */
		{ "path\0", 5 },	/* no token */
		{ "path\0tok", 8 },	/* unterminated token */
		{ "\0tok\0", 5 },	/* empty path */
		{ "\0\0", 2 },		/* empty path, empty token */
		{ "p\0t\0", 3 },	/* token's NUL cut off by len */
		{ "p\0t\0", 1 },	/* path's NUL cut off by len */
	};
	const char *path, *token;
	struct xs_test_payload p;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		path = xs_test_unset;
		token = xs_test_unset;
		p = xs_test_payload(test, bad[i].buf, bad[i].len);
		KUNIT_EXPECT_EQ_MSG(test,
				    xs_parse_watch_event(p.buf, p.len, &path, &token),
				    -EIO, "case %u", i);
		KUNIT_EXPECT_PTR_EQ_MSG(test, path, xs_test_unset, "case %u", i);
		KUNIT_EXPECT_PTR_EQ_MSG(test, token, xs_test_unset, "case %u", i);
	}
}

static void xs_test_ring_empty(struct kunit *test)
{
	static const u32 idx[] = { 0, 1, 1023, 1024, 0x7fffffff, U32_MAX };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(idx); i++) {
		KUNIT_EXPECT_EQ(test, xs_ring_readable(idx[i], idx[i]), 0);
		KUNIT_EXPECT_EQ(test, xs_ring_writable(idx[i], idx[i]),
				XENSTORE_RING_SIZE);
	}
}

static void xs_test_ring_partial(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xs_ring_readable(100, 300), 200);
	KUNIT_EXPECT_EQ(test, xs_ring_writable(100, 300), 824);
	KUNIT_EXPECT_EQ(test, xs_ring_readable(0, 1), 1);
	KUNIT_EXPECT_EQ(test, xs_ring_writable(0, 1023), 1);
}

static void xs_test_ring_full(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xs_ring_readable(0, 1024), 1024);
	KUNIT_EXPECT_EQ(test, xs_ring_writable(0, 1024), 0);
	KUNIT_EXPECT_EQ(test, xs_ring_readable(5000, 6024), 1024);
	KUNIT_EXPECT_EQ(test, xs_ring_writable(5000, 6024), 0);
	/* Full across the wrap. */
	KUNIT_EXPECT_EQ(test, xs_ring_readable(0xfffffc00U, 0), 1024);
	KUNIT_EXPECT_EQ(test, xs_ring_writable(0xfffffc00U, 0), 0);
	KUNIT_EXPECT_EQ(test, xs_ring_readable(0xfffffe00U, 0x200), 1024);
}

static void xs_test_ring_wrap(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xs_ring_readable(0xfffffff0U, 0x10), 0x20);
	KUNIT_EXPECT_EQ(test, xs_ring_writable(0xfffffff0U, 0x10), 1024 - 0x20);
	KUNIT_EXPECT_EQ(test, xs_ring_readable(U32_MAX, 0), 1);
	KUNIT_EXPECT_EQ(test, xs_ring_writable(U32_MAX, 0), 1023);
	KUNIT_EXPECT_EQ(test, xs_ring_readable(U32_MAX - 99, 100), 200);
}

static void xs_test_ring_hostile(struct kunit *test)
{
	static const u32 pairs[][2] = {		/* { cons, prod } */
		{ 0, 1025 },			/* one byte more than fits */
		{ 0xfffffc00U, 1 },		/* the same across the wrap */
		{ 5, 0 },			/* prod behind cons */
		{ 1, 0 },
		{ 0, U32_MAX },
		{ 0x10, 0xfffffff0U },		/* behind, across the wrap */
		{ 0, 0x80000000U },		/* negative as an int */
		{ 0, 0x7fffffff },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pairs); i++) {
		KUNIT_EXPECT_EQ_MSG(test, xs_ring_readable(pairs[i][0], pairs[i][1]),
				    -EIO, "cons %#x prod %#x", pairs[i][0], pairs[i][1]);
		KUNIT_EXPECT_EQ_MSG(test, xs_ring_writable(pairs[i][0], pairs[i][1]),
				    -EIO, "cons %#x prod %#x", pairs[i][0], pairs[i][1]);
	}
}

static void xs_test_ring_chunk(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xs_ring_chunk(0, 1024), 1024);
	KUNIT_EXPECT_EQ(test, xs_ring_chunk(0, 10), 10);
	KUNIT_EXPECT_EQ(test, xs_ring_chunk(0, 0), 0);
	KUNIT_EXPECT_EQ(test, xs_ring_chunk(500, 10), 10);
	KUNIT_EXPECT_EQ(test, xs_ring_chunk(512, 1024), 512);
	KUNIT_EXPECT_EQ(test, xs_ring_chunk(1000, 100), 24);
	KUNIT_EXPECT_EQ(test, xs_ring_chunk(1000, 24), 24);
	KUNIT_EXPECT_EQ(test, xs_ring_chunk(1023, 5), 1);
	KUNIT_EXPECT_EQ(test, xs_ring_chunk(1023, 0), 0);
	/* Only the masked index counts. */
	KUNIT_EXPECT_EQ(test, xs_ring_chunk(1024, 5), 5);
	KUNIT_EXPECT_EQ(test, xs_ring_chunk(1024 + 1000, 100), 24);
	KUNIT_EXPECT_EQ(test, xs_ring_chunk(0xfffffffcU, 8), 4);
	KUNIT_EXPECT_EQ(test, xs_ring_chunk(U32_MAX, 10), 1);
}

/* Drain a full ring whose data wraps both the buffer and the index. */
static void xs_test_ring_drain(struct kunit *test)
{
	XENSTORE_RING_IDX cons = 0xfffffe00U, prod = cons + XENSTORE_RING_SIZE;
	int avail;

	avail = xs_ring_readable(cons, prod);
	KUNIT_ASSERT_EQ(test, avail, 1024);
	KUNIT_EXPECT_EQ(test, MASK_XENSTORE_IDX(cons), 512);
	KUNIT_ASSERT_EQ(test, xs_ring_chunk(cons, avail), 512);
	cons += 512;
	KUNIT_EXPECT_EQ(test, cons, 0);

	avail = xs_ring_readable(cons, prod);
	KUNIT_ASSERT_EQ(test, avail, 512);
	KUNIT_ASSERT_EQ(test, xs_ring_chunk(cons, avail), 512);
	cons += 512;

	KUNIT_EXPECT_EQ(test, cons, prod);
	KUNIT_EXPECT_EQ(test, xs_ring_readable(cons, prod), 0);
	KUNIT_EXPECT_EQ(test, xs_ring_writable(cons, prod), 1024);
}

static struct kunit_case xs_wire_test_cases[] = {
	KUNIT_CASE(xs_test_abi_layout),
	KUNIT_CASE(xs_test_header_good),
	KUNIT_CASE(xs_test_header_len),
	KUNIT_CASE(xs_test_header_bad_type),
	KUNIT_CASE(xs_test_errno_names),
	KUNIT_CASE(xs_test_errno_unknown),
	KUNIT_CASE(xs_test_errno_len),
	KUNIT_CASE(xs_test_split_empty),
	KUNIT_CASE(xs_test_split_one),
	KUNIT_CASE(xs_test_split_several),
	KUNIT_CASE(xs_test_split_empty_strings),
	KUNIT_CASE(xs_test_split_unterminated),
	KUNIT_CASE(xs_test_split_too_many),
	KUNIT_CASE(xs_test_watch_good),
	KUNIT_CASE(xs_test_watch_extra),
	KUNIT_CASE(xs_test_watch_bad),
	KUNIT_CASE(xs_test_ring_empty),
	KUNIT_CASE(xs_test_ring_partial),
	KUNIT_CASE(xs_test_ring_full),
	KUNIT_CASE(xs_test_ring_wrap),
	KUNIT_CASE(xs_test_ring_hostile),
	KUNIT_CASE(xs_test_ring_chunk),
	KUNIT_CASE(xs_test_ring_drain),
	{}
};

static struct kunit_suite xs_wire_test_suite = {
	.name = "xenstore-wire",
	.test_cases = xs_wire_test_cases,
};

kunit_test_suite(xs_wire_test_suite);

MODULE_DESCRIPTION("KUnit tests for the xenstore wire format helpers");
MODULE_LICENSE("GPL");
