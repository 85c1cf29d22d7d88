// SPDX-License-Identifier: GPL-2.0
/*
 * Xenstore wire format: checks and parsing of what xenstored puts on the
 * ring.  xenstored is another domain and may be buggy or hostile, so every
 * length and index is checked before it is used, and nothing here reads
 * outside the buffer it is given.
 *
 * Everything works on copies: the caller must first copy headers, payloads
 * and ring indices out of the shared page, or xenstored could change them
 * between the check and the use.
 */

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "xs_wire.h"

/**
 * xs_check_header() - Check a message header read from the response ring.
 * @hdr: the header, copied out of the ring
 *
 * The type must be one a reply may carry: a request type we could have
 * sent, XS_ERROR or XS_WATCH_EVENT.  req_id and tx_id are not checked here;
 * matching them against outstanding requests is the caller's job.
 *
 * Return: 0 if the header can be trusted, -EIO for an unknown type, -E2BIG
 * for a payload longer than XENSTORE_PAYLOAD_MAX.
 */
int xs_check_header(const struct xsd_sockmsg *hdr)
{
	/*
	 * Check the type first: a garbage header (the stream is out of step)
	 * is reported as -EIO even if its length is also out of range.
	 * Value 20 is the withdrawn XS_RESTRICT, which no reply can carry.
	 */
	if (hdr->type >= XS_TYPE_COUNT || hdr->type == XS_SET_TARGET + 1)
		return -EIO;
	/* We could not buffer a longer payload, and xenstored must not send one. */
	if (hdr->len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	return 0;
}

#define XS_ERRNO(e)	{ #e, e }

/*
 * The names xenstored may send in an XS_ERROR reply (see xs_wire.h), each
 * mapped to the errno of the same name, except ENOSYS: xenstored means "no
 * such operation", which the kernel spells EOPNOTSUPP (its ENOSYS is
 * reserved for a bad syscall number).
 */
static const struct {
	const char *name;
	int err;
} xs_errnos[] = {
	XS_ERRNO(EINVAL),
	XS_ERRNO(EACCES),
	XS_ERRNO(EEXIST),
	XS_ERRNO(EISDIR),
	XS_ERRNO(ENOENT),
	XS_ERRNO(ENOMEM),
	XS_ERRNO(ENOSPC),
	XS_ERRNO(EIO),
	XS_ERRNO(ENOTEMPTY),
	{ "ENOSYS", EOPNOTSUPP },
	XS_ERRNO(EROFS),
	XS_ERRNO(EBUSY),
	XS_ERRNO(EAGAIN),
	XS_ERRNO(EISCONN),
	XS_ERRNO(E2BIG),
	XS_ERRNO(EPERM),
};

/**
 * xs_reply_errno() - Turn the payload of an XS_ERROR reply into an errno.
 * @payload: the payload, an errno name such as "ENOENT"
 * @len: bytes in @payload; nothing past them is read
 *
 * The name ends at the first NUL or at @len, whichever comes first, so a
 * missing terminator is tolerated and bytes after the NUL are ignored.
 *
 * Return: the negative errno named, or -EIO if the name is empty or unknown.
 */
int xs_reply_errno(const char *payload, unsigned int len)
{
	size_t n = strnlen(payload, len);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xs_errnos); i++) {
		/* Compare lengths too, or "EIOX" or "EI" would match "EIO". */
		if (strlen(xs_errnos[i].name) == n &&
		    !memcmp(payload, xs_errnos[i].name, n))
			return -xs_errnos[i].err;
	}
	return -EIO;
}

/**
 * xs_split_strings() - Split a payload of NUL-terminated strings.
 * @buf: the payload, e.g. of an XS_DIRECTORY reply
 * @len: bytes in @buf
 * @vec: receives a pointer into @buf for each string
 * @max: number of entries in @vec
 *
 * Empty strings (two NULs in a row) are returned as such.  On error @vec
 * may have been partly written.
 *
 * Return: the number of strings (0 for an empty payload), -EIO if the
 * payload does not end with a NUL, -E2BIG if it holds more than @max strings.
 */
int xs_split_strings(const char *buf, unsigned int len, const char **vec,
		     unsigned int max)
{
	unsigned int off = 0;
	unsigned int n = 0;

	if (!len)
		return 0;
	/* This one check also bounds every strlen() below to the payload. */
	if (buf[len - 1] != '\0')
		return -EIO;

	while (off < len) {
		if (n == max)
			return -E2BIG;
		vec[n++] = buf + off;
		off += strlen(buf + off) + 1;
	}
	return n;
}

/**
 * xs_parse_watch_event() - Find path and token in an XS_WATCH_EVENT payload.
 * @payload: the payload, "<path>\0<token>\0"
 * @len: bytes in @payload; nothing past them is read
 * @path: receives a pointer to the path inside @payload
 * @token: receives a pointer to the token inside @payload
 *
 * Anything after the token's NUL is ignored: newer xenstoreds may append
 * more strings.  An empty path is refused, xenstore has none; an empty
 * token is accepted, it is just whatever string the watch was registered
 * with.  @path and @token are only written on success.
 *
 * Return: 0 on success, -EIO if the path is empty or either string is
 * missing or not NUL-terminated within @len.
 */
int xs_parse_watch_event(const char *payload, unsigned int len,
			 const char **path, const char **token)
{
	unsigned int plen, tlen, rest;

	plen = strnlen(payload, len);
	if (!plen || plen == len)
		return -EIO;

	/* The token starts after the path's NUL, which is inside @len. */
	rest = len - plen - 1;
	tlen = strnlen(payload + plen + 1, rest);
	if (tlen == rest)
		return -EIO;

	*path = payload;
	*token = payload + plen + 1;
	return 0;
}

/*
 * prod - cons is the number of bytes in the ring, modulo 2^32 like the
 * indices themselves, so it stays right when they wrap.  More than the ring
 * holds means the indices are corrupt or hostile: prod was moved too far,
 * or behind cons.
 */
static int xs_ring_used(XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod)
{
	XENSTORE_RING_IDX used = prod - cons;

	if (used > XENSTORE_RING_SIZE)
		return -EIO;
	return used;
}

/**
 * xs_ring_readable() - Bytes a consumer can read from a ring now.
 * @cons: consumer index, copied out of the shared page
 * @prod: producer index, copied out of the shared page
 *
 * Return: 0 to XENSTORE_RING_SIZE, or -EIO if the indices are inconsistent.
 */
int xs_ring_readable(XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod)
{
	return xs_ring_used(cons, prod);
}

/**
 * xs_ring_writable() - Bytes a producer can write to a ring now.
 * @cons: consumer index, copied out of the shared page
 * @prod: producer index, copied out of the shared page
 *
 * Return: 0 to XENSTORE_RING_SIZE, or -EIO if the indices are inconsistent.
 */
int xs_ring_writable(XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod)
{
	int used = xs_ring_used(cons, prod);

	return used < 0 ? used : XENSTORE_RING_SIZE - used;
}

/**
 * xs_ring_chunk() - Bytes that can be copied in one go at a ring index.
 * @idx: free-running index of the first byte
 * @avail: bytes readable or writable, from xs_ring_readable() or
 *         xs_ring_writable()
 *
 * A copy of @avail bytes may run past the end of the buffer and continue
 * at its start; this gives the length of the first, contiguous, part.
 *
 * Return: min(@avail, bytes from MASK_XENSTORE_IDX(@idx) to the buffer end).
 */
unsigned int xs_ring_chunk(XENSTORE_RING_IDX idx, unsigned int avail)
{
	return min(avail, XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(idx));
}
