#!/usr/bin/python3
"""tests/e2e/mkquine.py — a zip that contains itself (a zip quine), made from
scratch: the one entry, myself.zip, inflates to the very bytes of the zip.

    mkquine.py OUT.zip       (or: from mkquine import mkquine)

The construction is the classic one (Russ Cox, "Zip Files All The Way Down"):
DEFLATE is a tiny program of two instructions, "literal n" (a stored block:
print the next n bytes) and "repeat n" (a match: copy the last n bytes), and
one program prints its own code wrapped in the zip's header P and trailer S:

    lit p+1 [P, lit p+1]    rep p+1    lit 1 [rep p+1]    lit 1 [lit 1]
    lit 4 [rep p+1, lit 1, lit 1, lit 4]    rep 4
    lit 4 [rep 4, lit 4, rep 4, lit 4]      rep 4
    lit 4 [rep 4, nop, nop, lit s+1]        rep 4    nop    nop
    lit s+1 [rep s+1, S]    rep s+1 (final)

Every instruction (a token) is U = 10 bytes and P, S are whole tokens:
"literal" is an empty stored block then a stored block header; "nop" two
empty stored blocks; "repeat" a fixed-Huffman block with the match (split
in up to three, with empty fixed blocks, so that it ends where it must)
then an empty stored block that realigns to a byte boundary.  The CRC-32 of
the entry is the CRC-32 of the zip, which holds it four times; CRC-32 is
affine over GF(2) for a fixed length, so the one fixed point is found by
solving a 32x32 linear system. """
import io
import struct
import sys
import zipfile
import zlib

LBASE = [3,4,5,6,7,8,9,10,11,13,15,17,19,23,27,31,35,43,51,59,67,83,99,115,131,163,195,227,258]
LEXT = [0,0,0,0,0,0,0,0,1,1,1,1,2,2,2,2,3,3,3,3,4,4,4,4,5,5,5,5,0]
DBASE = [1,2,3,4,5,7,9,13,17,25,33,49,65,97,129,193,257,385,513,769,1025,1537,2049,3073,4097,
         6145,8193,12289,16385,24577]
DEXT = [0,0,0,0,1,1,2,2,3,3,4,4,5,5,6,6,7,7,8,8,9,9,10,10,11,11,12,12,13,13]


class Bits:
    def __init__(self):
        self.bits = []

    def put(self, v, n):  # an n-bit value, least significant bit first
        self.bits += [(v >> i) & 1 for i in range(n)]

    def code(self, c, n):  # a Huffman code, most significant bit first
        self.bits += [(c >> (n - 1 - i)) & 1 for i in range(n)]

    def bytes(self):
        assert len(self.bits) % 8 == 0
        return bytes(sum(self.bits[i + k] << k for k in range(8)) for i in range(0, len(self.bits), 8))


def litlen(b, sym):
    if sym <= 143:
        b.code(0x30 + sym, 8)
    elif sym <= 255:
        b.code(0x190 + sym - 144, 9)
    elif sym <= 279:
        b.code(sym - 256, 7)
    else:
        b.code(0xC0 + sym - 280, 8)


def match_bits(length, dist, b=None):
    li = max(i for i in range(29) if LBASE[i] <= length)
    di = max(i for i in range(30) if DBASE[i] <= dist)
    n = (7 if 257 + li <= 279 else 8) + LEXT[li] + 5 + DEXT[di]
    if b is not None:
        litlen(b, 257 + li)
        b.put(length - LBASE[li], LEXT[li])
        b.code(di, 5)
        b.put(dist - DBASE[di], DEXT[di])
    return n


U = 10  # bytes of one token


def rep(n, final=False):
    """U bytes of deflate copying the last U*n bytes: a fixed-Huffman block
    holding the copy as one to three matches, empty fixed-Huffman blocks as
    needed, then an empty stored block (3 header bits, padding to the byte
    boundary, LEN 0, NLEN 0xFFFF), which ends the token on its last byte."""
    L = U * n
    lo, hi = 8 * (U - 5), 8 * (U - 4)  # where the stored header's 3 bits must end
    splits = [[L]] + [[a, L - a] for a in range(3, L - 2)] + \
        [[a, c, L - a - c] for a in range(3, L) for c in range(3, L - a - 2)]
    for parts in splits:
        if any(x < 3 or x > 258 for x in parts):
            continue
        used = 3 + sum(match_bits(x, L) for x in parts) + 7
        for k in range(4):
            if lo < used + 10 * k + 3 <= hi:
                b = Bits()
                b.put(0, 1)
                b.put(1, 2)
                for x in parts:
                    match_bits(x, L, b)
                litlen(b, 256)
                for _ in range(k):
                    b.put(0, 1)
                    b.put(1, 2)
                    litlen(b, 256)
                b.put(1 if final else 0, 1)
                b.put(0, 2)
                b.put(0, hi - len(b.bits))
                return b.bytes() + struct.pack("<HH", 0, 0xFFFF)
    raise ValueError("no %d-byte encoding of a repeat of %d units" % (U, n))


def lit(n):
    """U bytes: an empty stored block, then the header of a stored block of U*n bytes."""
    return struct.pack("<BHH", 0, 0, 0xFFFF) + struct.pack("<BHH", 0, U * n, 0xFFFF ^ (U * n))


def mkquine(name=b"myself.zip"):
    assert (30 + len(name)) % U == 0
    comment = b"q" * ((-(46 + len(name) + 22)) % U)

    def build(crc):
        P_len = 30 + len(name)
        S_len = 46 + len(name) + len(comment) + 22
        p, s = P_len // U, S_len // U
        ops_len = None
        for _ in range(2):
            total = P_len + (ops_len or 0) + S_len
            P = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, ops_len or 0,
                            total, len(name), 0) + name
            S = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc,
                            ops_len or 0, total, len(name), 0, len(comment), 0, 0, 0, 0) + name \
                + comment + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1,
                                        46 + len(name) + len(comment), P_len + (ops_len or 0), 0)
            assert len(P) == P_len and len(S) == S_len
            L0 = lit(0)
            C = b"".join([
                lit(p + 1), P, lit(p + 1),
                rep(p + 1),
                lit(1), rep(p + 1),
                lit(1), lit(1),
                lit(4), rep(p + 1), lit(1), lit(1), lit(4),
                rep(4),
                lit(4), rep(4), lit(4), rep(4), lit(4),
                rep(4),
                lit(4), rep(4), L0, L0, lit(s + 1),
                rep(4),
                L0, L0,
                lit(s + 1), rep(s + 1, final=True), S,
                rep(s + 1, final=True),
            ])
            ops_len = len(C)
        return P + C + S

    base = build(0)
    c0 = zlib.crc32(base)
    cols = [zlib.crc32(build(1 << i)) ^ c0 for i in range(32)]
    # crc(build(x)) = c0 ^ sum of cols[i] over set bits i of x (affine); want it equal to x.
    # Solve (M + I) x = c0 over GF(2): rows are bits of the result.
    rows = []
    for r in range(32):
        v = 0
        for i in range(32):
            if ((cols[i] >> r) & 1) ^ (1 if i == r else 0):
                v |= 1 << i
        rows.append([v, (c0 >> r) & 1])
    piv = []
    for col in range(32):
        for r in range(len(piv), 32):
            if (rows[r][0] >> col) & 1:
                rows[len(piv)], rows[r] = rows[r], rows[len(piv)]
                break
        else:
            continue
        pr = len(piv)
        for r in range(32):
            if r != pr and (rows[r][0] >> col) & 1:
                rows[r][0] ^= rows[pr][0]
                rows[r][1] ^= rows[pr][1]
        piv.append(col)
    for r in range(len(piv), 32):
        if rows[r][1]:
            raise ValueError("no CRC fixed point")
    x = 0
    for r, col in enumerate(piv):
        if rows[r][1]:
            x |= 1 << col
    q = build(x)
    assert zlib.crc32(q) == x
    return q

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: mkquine.py OUT.zip")
    q = mkquine()
    with open(sys.argv[1], "wb") as f:
        f.write(q)
    z = zipfile.ZipFile(io.BytesIO(q))
    assert z.read(z.namelist()[0]) == q
