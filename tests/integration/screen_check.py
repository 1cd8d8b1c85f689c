#!/usr/bin/python3
"""Check a QEMU screendump against the console log, without OCR.

Usage: screen_check.py PPM LOG fb|vga [--font drivers/console/font8x16.c] [--png OUT]

The log is what the kernel mirrored to the debug console (the same bytes
every console received). Replaying it through a model of the screen
console (80x25 VGA text or the framebuffer console's 8x16 cells, with the
same wrapping and scrolling) gives the text that must be on the screen.
Every cell of the screenshot is then compared with it: a cell holding a
non-blank character must have ink (pixels other than the background), a
blank cell none. With --font (framebuffer only) each inked cell must also
show exactly that character's glyph, whatever its colour. The cursor's
cell is skipped.

Prints one summary line; exit status 0 when the screen matches, 1 when it
does not, 2 on bad input. --png writes the screenshot as PNG (zlib only).
"""
import re
import struct
import sys
import zlib


def read_ppm(path):
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6" or fields[3] != b"255":
        raise ValueError("not a binary 8-bit PPM")
    w, h = int(fields[1]), int(fields[2])
    pixels = data[pos + 1:pos + 1 + w * h * 3]
    if len(pixels) != w * h * 3:
        raise ValueError("truncated PPM")
    return w, h, pixels


def write_png(path, w, h, pixels):
    raw = b"".join(b"\0" + pixels[y * w * 3:(y + 1) * w * 3] for y in range(h))

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 6)))
        f.write(chunk(b"IEND", b""))


def read_font(path):
    """The glyphs of drivers/console/font8x16.c, by character."""
    text = open(path).read()
    glyphs = {}
    for m in re.finditer(r"\[0x([0-9a-f]{2}) - FONT_FIRST\] = \{[^\n]*\n([^}]*)\}", text):
        rows = [int(v, 16) for v in re.findall(r"0x([0-9a-f]{2})", m.group(2))]
        if len(rows) == 16:
            glyphs[chr(int(m.group(1), 16))] = rows
    return glyphs


def replay(log, cols, rows, wrap_after):
    """The screen after the log: rows of cols characters, and the cursor.

    wrap_after: VGA text (drivers/console/vga.c) moves to the next line as soon as
    the last column is written; the framebuffer console only when the next
    character comes.
    """
    screen = [[" "] * cols for _ in range(rows)]
    row = col = 0

    def newline():
        nonlocal row, col
        col = 0
        row += 1
        if row == rows:
            del screen[0]
            screen.append([" "] * cols)
            row = rows - 1

    for ch in log:
        if ch == "\n":
            newline()
        elif ch == "\r":
            col = 0
        elif ch == "\b":
            col = max(col - 1, 0)
        else:
            if col == cols:
                newline()
            screen[row][col] = ch if " " <= ch <= "~" else "\x7f"
            col += 1
            if wrap_after and col == cols:
                newline()
    return screen, row, min(col, cols - 1)


def main():
    args = sys.argv[1:]
    font = png = None
    if "--font" in args:
        i = args.index("--font")
        font = read_font(args[i + 1])
        del args[i:i + 2]
    if "--png" in args:
        i = args.index("--png")
        png = args[i + 1]
        del args[i:i + 2]
    if len(args) != 3 or args[2] not in ("fb", "vga"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        w, h, px = read_ppm(args[0])
    except (OSError, ValueError) as e:
        print("screen: cannot read %s: %s" % (args[0], e))
        return 2
    if png:
        write_png(png, w, h, px)
    log = open(args[1], "rb").read().decode("latin-1")

    if args[2] == "vga":
        cols, rows = 80, 25
        cw, chh = w // cols, h // rows
    else:
        scale = 2 if w >= 2560 and h >= 1440 else 1
        cw, chh = 8 * scale, 16 * scale
        cols, rows = min(w // cw, 320), min(h // chh, 128)
    screen, crow, ccol = replay(log, cols, rows, args[2] == "vga")

    # The background: the commonest colour of the first pixel column.
    counts = {}
    for y in range(0, h, 4):
        p = px[y * w * 3:y * w * 3 + 3]
        counts[p] = counts.get(p, 0) + 1
    bg = max(counts, key=counts.get)

    def ink(x, y):
        o = (y * w + x) * 3
        return px[o:o + 3] != bg

    mismatched, inked, text_rows = [], 0, set()
    for r in range(rows):
        for c in range(cols):
            if (r, c) == (crow, ccol):
                continue
            ch = screen[r][c]
            x0, y0 = c * cw, r * chh
            has_ink = any(ink(x0 + x, y0 + y) for y in range(chh) for x in range(cw))
            want_ink = ch != " "
            ok = has_ink == want_ink
            if ok and want_ink and font is not None and ch in font:
                s = cw // 8
                for y in range(chh):
                    bits = font[ch][y // s]
                    for x in range(cw):
                        if bool(bits & (0x80 >> (x // s))) != ink(x0 + x, y0 + y):
                            ok = False
                            break
                    if not ok:
                        break
            inked += has_ink
            if want_ink:
                text_rows.add(r)
            if not ok:
                mismatched.append((r, c, ch, has_ink))

    print("screen: %dx%d pixels, %dx%d cells, %d text rows, %d inked cells, %d cells differ "
          "from the log%s" % (w, h, cols, rows, len(text_rows), inked, len(mismatched),
                              ", glyphs compared" if font else ""))
    for r, c, ch, has_ink in mismatched[:10]:
        print("  row %d col %d: expected %r, screen has %s" %
              (r, c, ch, "ink" if has_ink else "nothing"))
    if len(text_rows) < min(rows - 1, 10) or inked == 0:
        print("screen: too little text on the screen")
        return 1
    return 0 if not mismatched else 1


if __name__ == "__main__":
    sys.exit(main())
