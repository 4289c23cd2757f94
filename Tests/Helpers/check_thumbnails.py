#!/usr/bin/env python3
"""Checks a WebVTT thumbnails track and its sprite sheets with independent tools: its own
WebVTT parse (W3C syntax: the WEBVTT line, blank-line separated cues, `hh:mm:ss.ttt -->
hh:mm:ss.ttt` timings), ffprobe for each sheet's size and the source's duration, ffmpeg to
crop each tile and to take the source's frame at the cue's start (PSNR between them).

usage: check_thumbnails.py TRACK SOURCE [--min-psnr DB]

Prints a JSON summary (cues, sheets, the rules checked and how often, each tile's PSNR) and
exits 1 listing every broken rule.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

errors = []
rules = {}
TIMING = re.compile(r"^(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3}) --> (\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})(?: .*)?$")
PAYLOAD = re.compile(r"^([^#\s]+)#xywh=(\d+),(\d+),(\d+),(\d+)$")


def rule(name, ok, detail):
    rules[name] = rules.get(name, 0) + 1
    if not ok:
        errors.append(f"{name}: {detail}")
    return ok


def ffprobe(path, *args):
    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", *args, path], capture_output=True, text=True)
    return json.loads(out.stdout or "{}")


def parse(text):
    blocks = re.split(r"\n{2,}", text.replace("\r\n", "\n").strip("\n"))
    rule("vtt-header", blocks and re.match(r"^WEBVTT(?:[ \t].*)?$", blocks[0].split("\n")[0]) is not None, f"first line {blocks[0][:20]!r}")
    cues = []
    for block in blocks[1:]:
        lines = block.split("\n")
        if lines[0].startswith("NOTE"):
            continue
        if "-->" not in lines[0] and len(lines) > 1:
            lines = lines[1:]  # a cue identifier
        timing = TIMING.match(lines[0])
        if not rule("vtt-timing", timing is not None, f"{lines[0]!r}"):
            continue
        g = [int(x) for x in timing.groups()]
        start = g[0] * 3600 + g[1] * 60 + g[2] + g[3] / 1000
        end = g[4] * 3600 + g[5] * 60 + g[6] + g[7] / 1000
        payload = PAYLOAD.match("\n".join(lines[1:]))
        if rule("vtt-payload", payload is not None, f"{lines[1:]!r} is not IMAGE#xywh=x,y,w,h"):
            name, x, y, w, h = payload.group(1), *map(int, payload.groups()[1:])
            cues.append({"start": start, "end": end, "image": name, "x": x, "y": y, "w": w, "h": h})
    return cues


def psnr(a, b):
    graph = "[0:v]format=yuv420p[a];[1:v]format=yuv420p[b];[a][b]psnr"  # in yuv420p, as the Swift tests' FFmpegTools.psnr
    out = subprocess.run(["ffmpeg", "-nostdin", "-i", a, "-i", b, "-lavfi", graph, "-f", "null", "-"], capture_output=True, text=True).stderr
    match = re.search(r"average:(inf|[\d.]+)", out)
    return float("inf") if match and match.group(1) == "inf" else float(match.group(1)) if match else 0.0


def frame(source, seconds, w, h, path):
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", "-ss", f"{seconds:.3f}", "-i", source, "-frames:v", "1",
                    "-vf", f"scale={w}:{h}:flags=bicubic", path], check=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("track")
    parser.add_argument("source")
    parser.add_argument("--min-psnr", type=float, default=25)
    args = parser.parse_args()
    folder = os.path.dirname(args.track)
    cues = parse(open(args.track, encoding="utf-8").read())
    rule("vtt-has-cues", len(cues) > 0, "no cue")
    video = [s for s in ffprobe(args.source, "-show_streams").get("streams", []) if s.get("codec_type") == "video"][0]
    duration = float(video.get("duration") or ffprobe(args.source, "-show_format")["format"]["duration"])
    if cues:
        rule("cues-start-at-zero", cues[0]["start"] == 0, f"first cue starts at {cues[0]['start']}")
        rule("cues-cover-duration", abs(cues[-1]["end"] - duration) <= 0.1, f"last cue ends at {cues[-1]['end']}, the video lasts {duration}")
    for previous, cue in zip(cues, cues[1:]):
        rule("cues-contiguous", abs(cue["start"] - previous["end"]) < 0.0005, f"{previous['end']} then {cue['start']}")
    for cue in cues:
        rule("cue-not-empty", cue["end"] > cue["start"], f"{cue['start']} --> {cue['end']}")
    sheets = {}
    psnrs = []
    with tempfile.TemporaryDirectory() as scratch:
        for index, cue in enumerate(cues):
            image = os.path.join(folder, cue["image"])
            if not rule("sprite-exists", os.path.isfile(image), f"{cue['image']} missing"):
                continue
            if image not in sheets:
                stream = ffprobe(image, "-show_streams")["streams"][0]
                sheets[image] = (stream["width"], stream["height"], stream["codec_name"])
            width, height, codec = sheets[image]
            rule("sprite-is-jpeg", codec == "mjpeg", f"{cue['image']} is {codec}")
            inside = cue["w"] > 0 and cue["h"] > 0 and cue["x"] + cue["w"] <= width and cue["y"] + cue["h"] <= height
            if not rule("xywh-inside-sprite", inside, f"{cue['image']}#xywh={cue['x']},{cue['y']},{cue['w']},{cue['h']} outside {width}x{height}"):
                continue
            tile = os.path.join(scratch, f"tile-{index}.png")
            subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", "-i", image, "-vf",
                            f"crop={cue['w']}:{cue['h']}:{cue['x']}:{cue['y']}", tile], check=True)
            reference = os.path.join(scratch, f"frame-{index}.png")
            frame(args.source, cue["start"], cue["w"], cue["h"], reference)
            value = psnr(tile, reference)
            psnrs.append(value)
            rule("tile-matches-frame", value >= args.min_psnr, f"cue {index} at {cue['start']} s: {value:.1f} dB against ffmpeg's frame")
            if index + 1 < len(cues):
                other = os.path.join(scratch, f"next-{index}.png")
                frame(args.source, cues[index + 1]["start"], cue["w"], cue["h"], other)
                rule("tile-is-its-time", psnr(tile, other) < value, f"cue {index}'s tile is closer to the next cue's frame")
    print(json.dumps({"cues": len(cues), "sheets": len(sheets), "duration": duration, "rules": rules, "errors": errors,
                      "psnr": [round(v, 1) if v != float("inf") else 99 for v in psnrs]}))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
