"""A small, fast QR encoder for the printed code cards: alphanumeric mode, error
level M, versions 1–6, one fixed mask.

segno makes every other QR of the site. A sheet of 10,000 cards needs 10,000 QR
codes in a second or two; segno spends ~3–10 ms on each (mask scoring and general
machinery), this ~0.2 ms. Its output is checked against segno's, module by module,
for the same version and mask (tests/credits/test_pdf.py). Anything it cannot encode
returns None and the caller uses segno.
"""

from functools import lru_cache

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_ALNUM_INDEX = {char: i for i, char in enumerate(ALNUM)}
MASK = 0  # (row + column) % 2 == 0

# version: (data codewords per block, number of blocks, ECC codewords per block) at M
_BLOCKS_M = {
    1: (16, 1, 10),
    2: (28, 1, 16),
    3: (44, 1, 26),
    4: (32, 2, 18),
    5: (43, 2, 24),
    6: (27, 4, 16),
}
_ALIGNMENT = {1: [], 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34]}

# GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
_EXP = [0] * 512
_LOG = [0] * 256
_value = 1
for _i in range(255):
    _EXP[_i] = _value
    _LOG[_value] = _i
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]


@lru_cache
def _generator(degree):
    poly = [1]
    for i in range(degree):
        nxt = [0] * (len(poly) + 1)
        for j, coef in enumerate(poly):
            nxt[j] ^= coef
            if coef:
                nxt[j + 1] ^= _EXP[_LOG[coef] + i]
        poly = nxt
    return [_LOG[c] for c in poly[1:]]


@lru_cache
def _ecc_table(degree):
    """For each feedback byte, the generator times it, as one big-endian integer."""
    gen = _generator(degree)
    table = [0] * 256
    for factor in range(1, 256):
        log_f = _LOG[factor]
        table[factor] = int.from_bytes(bytes(_EXP[log_f + g] for g in gen), "big")
    return table


def _ecc(data, degree):
    """Reed–Solomon error correction codewords, the remainder kept as one integer."""
    table = _ecc_table(degree)
    shift = 8 * (degree - 1)
    full = (1 << (8 * degree)) - 1
    rem = 0
    for byte in data:
        factor = byte ^ (rem >> shift)
        rem = ((rem << 8) & full) ^ table[factor]
    return list(rem.to_bytes(degree, "big"))


def _format_bits():
    data = (0b00 << 3) | MASK  # error level M is 00
    rem = data << 10
    for bit in range(14, 9, -1):
        if rem & (1 << bit):
            rem ^= 0x537 << (bit - 10)
    return ((data << 10) | rem) ^ 0x5412


@lru_cache
def _layout(version):
    """The base matrix (function patterns, format info, mask-free) and, in order,
    the positions data bits go to, with the mask already folded in."""
    size = 17 + 4 * version
    base = [[0] * size for _ in range(size)]
    reserved = [[False] * size for _ in range(size)]

    def put(r, c, dark):
        base[r][c] = 1 if dark else 0
        reserved[r][c] = True

    for top, left in ((0, 0), (0, size - 7), (size - 7, 0)):
        for r in range(-1, 8):
            for c in range(-1, 8):
                rr, cc = top + r, left + c
                if 0 <= rr < size and 0 <= cc < size:
                    ring = max(abs(r - 3), abs(c - 3))
                    put(rr, cc, ring in (0, 1, 3))
    for i in range(8, size - 8):
        put(6, i, i % 2 == 0)
        put(i, 6, i % 2 == 0)
    centres = _ALIGNMENT[version]
    for r in centres:
        for c in centres:
            if reserved[r][c]:
                continue
            for dr in range(-2, 3):
                for dc in range(-2, 3):
                    put(r + dr, c + dc, max(abs(dr), abs(dc)) != 1)
    fmt = _format_bits()
    bits = [(fmt >> i) & 1 for i in range(15)]
    for i in range(15):
        # around the top-left finder
        if i < 6:
            put(i, 8, bits[i])
        elif i < 8:
            put(i + 1, 8, bits[i])
        elif i == 8:
            put(8, 7, bits[i])
        else:
            put(8, 14 - i, bits[i])
        # split between the other two finders
        if i < 8:
            put(8, size - 1 - i, bits[i])
        else:
            put(size - 15 + i, 8, bits[i])
    put(size - 8, 8, 1)  # the dark module
    positions = []
    upward = True
    col = size - 1
    while col > 0:
        if col == 6:
            col -= 1
        rows = range(size - 1, -1, -1) if upward else range(size)
        for r in rows:
            for c in (col, col - 1):
                if not reserved[r][c]:
                    positions.append((r, c, (r + c) % 2 == 0))
        upward = not upward
        col -= 2
    return base, positions


def _data_bits(text, version):
    """The data codewords, or None when `text` does not fit `version`."""
    count_bits = 9  # alphanumeric, versions 1–9
    value, length = 0b0010, 4  # the mode indicator
    value, length = (value << count_bits) | len(text), length + count_bits
    for i in range(0, len(text) - 1, 2):
        pair = _ALNUM_INDEX[text[i]] * 45 + _ALNUM_INDEX[text[i + 1]]
        value, length = (value << 11) | pair, length + 11
    if len(text) % 2:
        value, length = (value << 6) | _ALNUM_INDEX[text[-1]], length + 6
    per_block, blocks, _ecc_len = _BLOCKS_M[version]
    capacity = per_block * blocks * 8
    if length > capacity:
        return None
    terminator = min(4, capacity - length)
    value, length = value << terminator, length + terminator
    # Pad to a byte boundary; like segno (whose output the tests compare with), a
    # full zero byte when already aligned (decoders stop at the terminator anyway).
    padding = 8 - length % 8
    value, length = value << padding, length + padding
    if length > capacity:
        value, length = value >> 8, length - 8
    data = list(value.to_bytes(length // 8, "big"))
    pad = (0xEC, 0x11)
    data += [pad[i % 2] for i in range(per_block * blocks - len(data))]
    return data


def _width(size):
    """Bits per row in the packed form: the row rounded up to whole bytes."""
    return (size + 7) // 8 * 8


def _bit(size, r, c):
    width = _width(size)
    return 1 << ((size - 1 - r) * width + (width - 1 - c))


@lru_cache
def _packed_layout(version):
    """The base matrix as one integer (rows packed big-endian, dark = 1) and, per
    codeword index, what each byte value adds to it (XOR)."""
    size = 17 + 4 * version
    base, positions = _layout(version)
    packed = 0
    for r in range(size):
        for c in range(size):
            if base[r][c]:
                packed |= _bit(size, r, c)
    for r, c, flip in positions:
        if flip:  # with all data bits 0 the mask alone decides
            packed |= _bit(size, r, c)
    tables = []
    for index in range(len(positions) // 8):
        bits = [
            _bit(size, r, c) for r, c, _flip in positions[index * 8 : index * 8 + 8]
        ]
        table = [0] * 256
        for value in range(256):
            contribution = 0
            for shift in range(8):
                if (value >> (7 - shift)) & 1:
                    contribution |= bits[shift]
            table[value] = contribution
        tables.append(table)
    return size, packed, tables


def _encode(text):
    """(size, packed matrix) for `text`, or None (see matrix)."""
    index = _ALNUM_INDEX
    if any(char not in index for char in text):
        return None
    for version in _BLOCKS_M:
        data = _data_bits(text, version)
        if data is not None:
            break
    else:
        return None
    per_block, blocks, ecc_len = _BLOCKS_M[version]
    data_blocks = [data[i * per_block : (i + 1) * per_block] for i in range(blocks)]
    ecc_blocks = [_ecc(block, ecc_len) for block in data_blocks]
    codewords = [b[i] for i in range(per_block) for b in data_blocks]
    codewords += [b[i] for i in range(ecc_len) for b in ecc_blocks]
    size, packed, tables = _packed_layout(version)
    for table, byte in zip(tables, codewords, strict=True):
        packed ^= table[byte]
    return size, packed


def image(text):
    """(size, bytes): the QR as a 1-bit image, rows padded to whole bytes, dark = 1;
    None when `text` cannot be encoded here."""
    encoded = _encode(text)
    if encoded is None:
        return None
    size, packed = encoded
    return size, packed.to_bytes(size * _width(size) // 8, "big")


def matrix(text):
    """The QR matrix (rows of 0/1, no quiet zone) for `text`, or None when `text`
    is not alphanumeric or too long for version 6."""
    encoded = _encode(text)
    if encoded is None:
        return None
    size, packed = encoded
    return [
        [1 if packed & _bit(size, r, c) else 0 for c in range(size)]
        for r in range(size)
    ]
