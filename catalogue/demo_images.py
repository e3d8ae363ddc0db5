"""Illustrative product pictures for the demo catalogue, drawn with Pillow.

Each category family has its own palette and motif (stripes and ikat diamonds for textiles,
leaves for tea and spices, grains for food, shapes for toys, rings for metal, blocks for stone,
grain lines for wood...), and every picture carries the product's name, so listings are told
apart at a glance. Backgrounds are drawn once per (motif, palette, variant) and reused; only the
caption band is drawn per product, which keeps a full load to a few milliseconds per image.
"""

import colorsys
import hashlib
import io
import math
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 800, 600
VARIANTS = 3

# Palettes per family: background, two pattern colours, accent; each a hex string.
PALETTES: dict[str, tuple[str, str, str, str]] = {
    "textile": ("#7a1f3d", "#d4a017", "#f3e2c7", "#1f4e79"),
    "tea": ("#1e3d2f", "#4f8a3c", "#a8c66c", "#e9f0d8"),
    "spice": ("#5a1e0e", "#c1440e", "#e8a33d", "#f6e1b5"),
    "food": ("#f4e4c1", "#d9822b", "#8c5a2b", "#4a7c3a"),
    "fruit": ("#fff3d6", "#e8542f", "#f2b705", "#3e8e41"),
    "dairy": ("#fdf8ee", "#e8c872", "#b98b3b", "#6a8caf"),
    "marine": ("#0b3d5c", "#1f7a9c", "#7cc6d6", "#e6f4f1"),
    "toy": ("#fff7e0", "#e63946", "#2a9d8f", "#f4a261"),
    "metal": ("#2b2118", "#b8860b", "#e6c35c", "#8c6d3f"),
    "stone": ("#d9d4cc", "#9a9087", "#6f665e", "#f5f2ec"),
    "pottery": ("#7b3b22", "#c0663a", "#e8b07a", "#f4dcc0"),
    "wood": ("#5c3a1e", "#8b5a2b", "#c08a52", "#e8cfa8"),
    "fibre": ("#e9dfc4", "#b89b5e", "#7d6a3a", "#4f6d3a"),
    "art": ("#102a43", "#e0a526", "#c8553d", "#f2e8cf"),
    "leather": ("#3b2416", "#8a5a36", "#c69c6d", "#efe1cf"),
    "music": ("#20123a", "#7b4fa3", "#d9a441", "#efe6f7"),
    "care": ("#f3ecf7", "#a05195", "#d45087", "#665191"),
    "industry": ("#263238", "#607d8b", "#90a4ae", "#ffb300"),
    "service": ("#0f4c5c", "#e36414", "#fb8b24", "#f2f2f2"),
}


def _rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _shift(rgb: tuple[int, int, int], variant: int) -> tuple[int, int, int]:
    """Rotate the hue a little per variant: same family look, visibly different pictures."""
    if variant == 0:
        return rgb
    h, l_, s = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    h = (h + 0.07 * variant) % 1.0
    r, g, b = colorsys.hls_to_rgb(h, l_, s)
    return (round(r * 255), round(g * 255), round(b * 255))


def _stripes(draw, c1, c2, c3, v):
    step = 36 + 12 * v
    for x in range(-HEIGHT, WIDTH, step):
        draw.polygon(
            [(x, 0), (x + step // 2, 0), (x + step // 2 + HEIGHT, HEIGHT), (x + HEIGHT, HEIGHT)],
            fill=c1,
        )
    for y in range(0, HEIGHT, step * 2):
        draw.rectangle([0, y, WIDTH, y + 6], fill=c3)


def _ikat(draw, c1, c2, c3, v):
    size = 70 + 14 * v
    for row, y in enumerate(range(-size, HEIGHT + size, size)):
        offset = (size // 2) * (row % 2)
        for x in range(-size, WIDTH + size, size):
            cx, cy = x + offset, y
            draw.polygon(
                [
                    (cx, cy - size // 2),
                    (cx + size // 2, cy),
                    (cx, cy + size // 2),
                    (cx - size // 2, cy),
                ],
                fill=c1,
            )
            draw.polygon(
                [
                    (cx, cy - size // 4),
                    (cx + size // 4, cy),
                    (cx, cy + size // 4),
                    (cx - size // 4, cy),
                ],
                fill=c2,
            )
            draw.ellipse([cx - 5, cy - 5, cx + 5, cy + 5], fill=c3)


def _checks(draw, c1, c2, c3, v):
    step = 50 + 10 * v
    for x in range(0, WIDTH, step):
        draw.rectangle([x, 0, x + step // 3, HEIGHT], fill=c1)
    for y in range(0, HEIGHT, step):
        draw.rectangle([0, y, WIDTH, y + step // 3], fill=c2)
    for x in range(0, WIDTH, step):
        for y in range(0, HEIGHT, step):
            draw.rectangle([x, y, x + step // 3, y + step // 3], fill=c3)


def _leaves(draw, c1, c2, c3, v):
    step = 90 + 10 * v
    for row, y in enumerate(range(0, HEIGHT + step, step)):
        for col, x in enumerate(range(0, WIDTH + step, step)):
            angle = (row * 37 + col * 53 + v * 20) % 180
            _leaf(
                draw,
                x + (step // 2) * (row % 2),
                y,
                step * 0.45,
                angle,
                c1 if (row + col) % 2 else c2,
                c3,
            )


def _leaf(draw, cx, cy, length, angle, fill, vein):
    rad = math.radians(angle)
    dx, dy = math.cos(rad), math.sin(rad)
    px, py = -dy, dx
    points = []
    for i in range(0, 21):
        t = i / 20
        w = math.sin(math.pi * t) * length * 0.38
        points.append(
            (cx + dx * (t - 0.5) * 2 * length + px * w, cy + dy * (t - 0.5) * 2 * length + py * w)
        )
    for i in range(20, -1, -1):
        t = i / 20
        w = math.sin(math.pi * t) * length * 0.38
        points.append(
            (cx + dx * (t - 0.5) * 2 * length - px * w, cy + dy * (t - 0.5) * 2 * length - py * w)
        )
    draw.polygon(points, fill=fill)
    draw.line(
        [(cx - dx * length, cy - dy * length), (cx + dx * length, cy + dy * length)],
        fill=vein,
        width=2,
    )


def _grains(draw, c1, c2, c3, v):
    step = 28 + 6 * v
    for row, y in enumerate(range(0, HEIGHT + step, step)):
        for col, x in enumerate(range(0, WIDTH + step, step)):
            ox = (step // 2) * (row % 2)
            colour = (c1, c2, c3)[(row * 7 + col * 3) % 3]
            if (row + col + v) % 2:
                draw.ellipse([x + ox - 9, y - 5, x + ox + 9, y + 5], fill=colour)
            else:
                draw.ellipse([x + ox - 6, y - 6, x + ox + 6, y + 6], fill=colour)


def _fruit(draw, c1, c2, c3, v):
    step = 120 + 15 * v
    for row, y in enumerate(range(0, HEIGHT + step, step)):
        for col, x in enumerate(range(0, WIDTH + step, step)):
            cx, cy, r = x + (step // 2) * (row % 2), y, step * 0.32
            colour = c1 if (row + col) % 2 else c2
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour)
            draw.ellipse(
                [cx - r * 0.4, cy - r * 0.6, cx - r * 0.1, cy - r * 0.3], fill=(255, 255, 255)
            )
            _leaf(draw, cx + r * 0.5, cy - r * 1.05, r * 0.45, 20, c3, c3)


def _waves(draw, c1, c2, c3, v):
    amp, period = 14 + 4 * v, 120 + 20 * v
    for i, y0 in enumerate(range(-20, HEIGHT + 40, 34)):
        points = [
            (x, y0 + amp * math.sin((x + i * 25) * 2 * math.pi / period))
            for x in range(0, WIDTH + 10, 10)
        ]
        draw.line(points, fill=(c1, c2, c3)[i % 3], width=10)


def _shapes(draw, c1, c2, c3, v):
    step = 110 + 10 * v
    for row, y in enumerate(range(0, HEIGHT + step, step)):
        for col, x in enumerate(range(0, WIDTH + step, step)):
            kind = (row * 2 + col + v) % 3
            colour = (c1, c2, c3)[(row + 2 * col) % 3]
            r = step * 0.3
            if kind == 0:
                draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
            elif kind == 1:
                draw.rectangle([x - r, y - r, x + r, y + r], fill=colour)
            else:
                draw.polygon([(x, y - r), (x + r, y + r), (x - r, y + r)], fill=colour)


def _rings(draw, c1, c2, c3, v):
    step = 150 + 20 * v
    for row, y in enumerate(range(0, HEIGHT + step, step)):
        for x in range(0, WIDTH + step, step):
            cx = x + (step // 2) * (row % 2)
            for k, r in enumerate(range(int(step * 0.48), 4, -12)):
                draw.ellipse([cx - r, y - r, cx + r, y + r], outline=(c1, c2, c3)[k % 3], width=5)


def _blocks(draw, c1, c2, c3, v):
    bw, bh = 120 + 20 * v, 60 + 6 * v
    for row, y in enumerate(range(0, HEIGHT, bh)):
        for x in range(-bw, WIDTH, bw):
            ox = (bw // 2) * (row % 2)
            colour = (c1, c2)[(row + x // bw) % 2]
            draw.rectangle([x + ox + 3, y + 3, x + ox + bw - 3, y + bh - 3], fill=colour)
            draw.line(
                [(x + ox + 10, y + bh // 2), (x + ox + bw - 20, y + bh // 2 + 6)], fill=c3, width=2
            )


def _arches(draw, c1, c2, c3, v):
    step = 100 + 15 * v
    for y in range(step, HEIGHT + step, step):
        for x in range(0, WIDTH + step, step):
            draw.rectangle([x + 10, y - step // 2, x + step - 10, y], fill=c1)
            draw.pieslice([x + 10, y - step, x + step - 10, y], 180, 360, fill=c1)
            draw.pieslice([x + 25, y - step + 20, x + step - 25, y - 10], 180, 360, fill=c2)
            draw.ellipse(
                [x + step // 2 - 6, y - step // 2 - 20, x + step // 2 + 6, y - step // 2 - 8],
                fill=c3,
            )


def _woodgrain(draw, c1, c2, c3, v):
    for i, y0 in enumerate(range(-40, HEIGHT + 40, 16)):
        points = [
            (x, y0 + 10 * math.sin(x / (60 + 15 * v) + i * 0.7) + 6 * math.sin(x / 23))
            for x in range(0, WIDTH + 10, 10)
        ]
        draw.line(points, fill=(c1, c2, c3)[i % 3], width=6)
    for k in range(3 + v):
        cx, cy = 150 + k * 220, 150 + (k * 137) % 300
        for r in range(10, 50, 8):
            draw.ellipse([cx - r * 1.6, cy - r, cx + r * 1.6, cy + r], outline=c3, width=3)


def _weave(draw, c1, c2, c3, v):
    step = 40 + 8 * v
    for row, y in enumerate(range(0, HEIGHT, step)):
        for col, x in enumerate(range(0, WIDTH, step)):
            if (row + col) % 2:
                draw.rectangle([x + 2, y + step // 4, x + step - 2, y + 3 * step // 4], fill=c1)
            else:
                draw.rectangle([x + step // 4, y + 2, x + 3 * step // 4, y + step - 2], fill=c2)
    for x in range(0, WIDTH, step * 4):
        draw.line([(x, 0), (x, HEIGHT)], fill=c3, width=3)


def _mandala(draw, c1, c2, c3, v):
    step = 200
    for row, y in enumerate(range(0, HEIGHT + step, step)):
        for x in range(0, WIDTH + step, step):
            cx = x + (step // 2) * (row % 2)
            petals = 8 + 2 * v
            for p in range(petals):
                _leaf(
                    draw,
                    cx + 45 * math.cos(2 * math.pi * p / petals),
                    y + 45 * math.sin(2 * math.pi * p / petals),
                    42,
                    360 * p / petals,
                    c1 if p % 2 else c2,
                    c3,
                )
            draw.ellipse([cx - 18, y - 18, cx + 18, y + 18], fill=c3)


def _sound(draw, c1, c2, c3, v):
    for k in range(0, 14 + 2 * v):
        r = 30 + k * 40
        draw.arc(
            [120 - r, HEIGHT // 2 - r, 120 + r, HEIGHT // 2 + r],
            -50,
            50,
            fill=(c1, c2, c3)[k % 3],
            width=8,
        )
    for x in range(40, WIDTH, 24 + 4 * v):
        h = 40 + 120 * abs(math.sin(x / 57))
        draw.line([(x, HEIGHT - 40), (x, HEIGHT - 40 - h)], fill=c2, width=6)


def _stitch(draw, c1, c2, c3, v):
    step = 60 + 10 * v
    for row, y in enumerate(range(0, HEIGHT, step)):
        for col, x in enumerate(range(0, WIDTH, step)):
            draw.rounded_rectangle(
                [x + 6, y + 6, x + step - 6, y + step - 6],
                radius=10,
                fill=(c1, c2)[(row + col) % 2],
            )
            for s in range(x + 12, x + step - 12, 10):
                draw.line([(s, y + 12), (s + 5, y + 12)], fill=c3, width=2)


def _gears(draw, c1, c2, c3, v):
    step = 160 + 20 * v
    for row, y in enumerate(range(0, HEIGHT + step, step)):
        for x in range(0, WIDTH + step, step):
            cx, r = x + (step // 2) * (row % 2), step * 0.32
            teeth = 10 + v * 2
            for t in range(teeth):
                a = 2 * math.pi * t / teeth
                draw.rectangle(
                    [
                        cx + (r + 8) * math.cos(a) - 8,
                        y + (r + 8) * math.sin(a) - 8,
                        cx + (r + 8) * math.cos(a) + 8,
                        y + (r + 8) * math.sin(a) + 8,
                    ],
                    fill=c1,
                )
            draw.ellipse([cx - r, y - r, cx + r, y + r], fill=c1)
            draw.ellipse([cx - r * 0.45, y - r * 0.45, cx + r * 0.45, y + r * 0.45], fill=c3)
    for x in range(0, WIDTH, 40):
        draw.line([(x, 0), (x, HEIGHT)], fill=c2, width=1)


def _bottles(draw, c1, c2, c3, v):
    step = 110 + 10 * v
    for row, y in enumerate(range(40, HEIGHT + step, step)):
        for x in range(20, WIDTH + step, step):
            ox = (step // 2) * (row % 2)
            draw.rounded_rectangle(
                [x + ox, y, x + ox + 50, y + 70], radius=14, fill=(c1, c2)[row % 2]
            )
            draw.rectangle([x + ox + 18, y - 22, x + ox + 32, y], fill=c3)


MOTIFS = {
    "stripes": _stripes,
    "ikat": _ikat,
    "checks": _checks,
    "leaves": _leaves,
    "grains": _grains,
    "fruit": _fruit,
    "waves": _waves,
    "shapes": _shapes,
    "rings": _rings,
    "blocks": _blocks,
    "arches": _arches,
    "woodgrain": _woodgrain,
    "weave": _weave,
    "mandala": _mandala,
    "sound": _sound,
    "stitch": _stitch,
    "gears": _gears,
    "bottles": _bottles,
}


def variant_for(key: str) -> int:
    """A stable variant number for a product (hash() is salted per process, so not that)."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % VARIANTS


@lru_cache(maxsize=256)
def background(motif: str, palette: str, variant: int) -> Image.Image:
    bg, c1, c2, c3 = (_shift(_rgb(c), variant) for c in PALETTES[palette])
    image = Image.new("RGB", (WIDTH, HEIGHT), bg)
    MOTIFS[motif](ImageDraw.Draw(image), c1, c2, c3, variant)
    return image


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, max_lines: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,;:") + "…"
    return lines


def render(*, motif: str, palette: str, variant: int, title: str, subtitle: str = "") -> bytes:
    """An 800x600 JPEG: the family pattern with a caption band naming the product."""
    image = background(motif, palette, variant).copy()
    draw = ImageDraw.Draw(image, "RGBA")
    accent = _shift(_rgb(PALETTES[palette][3]), variant)
    title_font, sub_font = _font(40), _font(24)
    lines = _wrap(draw, title, title_font, WIDTH - 120, 2)
    band_h = 50 + 48 * len(lines) + (34 if subtitle else 0)
    top = HEIGHT - band_h - 40
    draw.rounded_rectangle([40, top, WIDTH - 40, HEIGHT - 40], radius=18, fill=(255, 255, 255, 225))
    draw.rectangle([40, top + 18, 52, HEIGHT - 58], fill=accent)
    y = top + 24
    for line in lines:
        draw.text((72, y), line, font=title_font, fill=(30, 30, 30))
        y += 48
    if subtitle:
        draw.text((72, y + 4), subtitle, font=sub_font, fill=(80, 80, 80))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=78, optimize=False)
    return out.getvalue()
