#!/usr/bin/env python3
"""Draws a shorts crop path (camera.json from `media-worker shorts`) as an SVG: the 9:16
window's left and right edges over time inside the source's width, shot cuts as dashed lines,
each shot's move written above it. Standard library only.

    python3 scripts/plot_crop_path.py out/analysis/episode/camera.json docs/shorts/crop-path.svg
"""
import json
import sys


def main():
    source, target = sys.argv[1], sys.argv[2]
    with open(source) as handle:
        path = json.load(handle)["body"]
    times, centres = path["times"], path["centres"]
    width, window = path["sourceWidth"], path["windowWidth"]
    duration = (times[-1] + 1 / path["rate"]) if times else 1
    w, h, margin = 800, 360, 40
    x = lambda t: margin + (w - 2 * margin) * t / duration
    y = lambda px: margin + (h - 2 * margin) * px / width
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
             f'<rect x="0" y="0" width="{w}" height="{h}" fill="white"/>',
             f'<rect x="{margin}" y="{margin}" width="{w - 2 * margin}" height="{h - 2 * margin}" fill="#f2f2f2" stroke="#999"/>']
    left = [(x(t), y(c * width - window / 2)) for t, c in zip(times, centres)]
    right = [(x(t), y(c * width + window / 2)) for t, c in zip(times, centres)]
    band = " ".join(f"{a:.1f},{b:.1f}" for a, b in left + right[::-1])
    parts.append(f'<polygon points="{band}" fill="#4a90d9" fill-opacity="0.35" stroke="none"/>')
    centre = " ".join(f"{x(t):.1f},{y(c * width):.1f}" for t, c in zip(times, centres))
    parts.append(f'<polyline points="{centre}" fill="none" stroke="#1f5fa8" stroke-width="2"/>')
    for shot in path["shots"]:
        if shot["start"] > 0:
            parts.append(f'<line x1="{x(shot["start"]):.1f}" y1="{margin}" x2="{x(shot["start"]):.1f}" y2="{h - margin}" stroke="#c33" stroke-dasharray="4,3"/>')
        parts.append(f'<text x="{x(shot["start"]) + 4:.1f}" y="{margin - 8}">shot {shot["shot"]}: {shot["move"]}</text>')
    parts.append(f'<text x="{margin}" y="{h - 12}">time (s) →  0 … {duration:.1f}; vertical: source x, 0 at the top … {width} px; band: the 9:16 window ({window} px)</text>')
    parts.append("</svg>")
    with open(target, "w") as handle:
        handle.write("\n".join(parts) + "\n")


if __name__ == "__main__":
    main()
