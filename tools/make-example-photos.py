#!/usr/bin/env python3
"""Draws the example release's two pictures (examples/photos/): made for this project,
released under CC0 1.0 (no rights reserved), so the examples carry no one else's licence.

    python3 tools/make-example-photos.py   # needs Pillow

haven.jpg: a harbour at dusk (baseline sRGB JPEG, 1200 x 800), embedded as is (DCTDecode).
kaart.png: a coastline map with a transparent background (RGBA PNG, 900 x 300), embedded
decoded, its transparency as an /SMask.
"""
import math
import os
from PIL import Image, ImageDraw

OUT = os.path.join(os.path.dirname(__file__), "..", "examples", "photos")


def harbour():
    w, h = 1200, 800
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    horizon = 470
    for y in range(horizon):
        t = y / horizon
        d.line([(0, y), (w, y)], fill=(int(40 + 200 * t), int(70 + 110 * t), int(140 - 20 * t)))
    d.ellipse([820, 330, 940, 450], fill=(255, 214, 120))
    for y in range(horizon, h):
        t = (y - horizon) / (h - horizon)
        d.line([(0, y), (w, y)], fill=(int(30 + 40 * (1 - t)), int(60 + 50 * (1 - t)), int(90 + 40 * (1 - t))))
    for k in range(60):
        y = horizon + 8 + k * 5.2
        x0 = (k * 137) % w
        d.line([(x0, y), (x0 + 80 + (k * 53) % 160, y)], fill=(200, 170, 110), width=2)
    # Quay, cranes and a ship.
    d.rectangle([0, 430, 520, 480], fill=(38, 38, 46))
    for cx in (90, 260, 420):
        d.rectangle([cx, 220, cx + 14, 430], fill=(200, 60, 40))
        d.polygon([(cx - 60, 230), (cx + 170, 230), (cx + 170, 242), (cx - 60, 242)], fill=(200, 60, 40))
        d.line([(cx + 7, 160), (cx - 60, 232)], fill=(200, 60, 40), width=4)
        d.line([(cx + 7, 160), (cx + 170, 232)], fill=(200, 60, 40), width=4)
        d.line([(cx + 120, 242), (cx + 120, 330)], fill=(30, 30, 30), width=2)
    d.polygon([(560, 440), (1080, 440), (1040, 500), (600, 500)], fill=(25, 35, 60))
    for i in range(8):
        color = [(180, 40, 40), (40, 110, 170), (220, 170, 40), (60, 140, 80)][i % 4]
        d.rectangle([620 + i * 52, 400, 666 + i * 52, 440], fill=color)
    d.rectangle([980, 360, 1030, 440], fill=(235, 235, 235))
    img.save(os.path.join(OUT, "haven.jpg"), quality=82, optimize=True)


def coast_map():
    w, h = 900, 300
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    coast = [(0, 90)]
    for x in range(0, w + 1, 20):
        coast.append((x, 70 + 60 * x / w + 12 * math.sin(x / 37)))
    coast += [(w, h), (0, h)]
    d.polygon(coast, fill=(214, 228, 200, 255), outline=(90, 110, 80, 255))
    for r, a in ((46, 60), (30, 110), (16, 200)):
        d.ellipse([480 - r, 150 - r, 480 + r, 150 + r], fill=(200, 40, 40, a))
    d.ellipse([472, 142, 488, 158], fill=(160, 20, 20, 255))
    d.line([(40, 270), (140, 270)], fill=(40, 40, 40, 255), width=3)
    img.save(os.path.join(OUT, "kaart.png"), optimize=True)


harbour()
coast_map()
