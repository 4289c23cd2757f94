#!/usr/bin/env python3
"""media-worker's shorts benchmarks, printed as a table (the style of media_bench.py).

usage: shorts_bench.py [--seconds 600] [--short-source-seconds 40]

- analysis: `media-worker shorts SRC --analyse-only` (one decoding pass at 480 px and 5 fps,
  sound at 48 kHz, moments, camera) on a generated 1080p30 source of --seconds: times real
  time, CPU seconds and peak RSS by wait4(). The issue's target: at least 15x real time.
  Beside it, ffmpeg decoding the same source to `-f null` (video and sound, nothing else):
  the ceiling of any analysis that decodes every picture.
- render: one 30-second short (a template with Count 1 and MinDuration = MaxDuration = 30,
  captions beside the source, a PNG watermark, -14 LUFS) from a --short-source-seconds
  source: `media-worker shorts` minus `media-worker shorts --analyse-only` on the same
  source (the render alone), against one ffmpeg command doing the same short as one filter
  graph: the crop path of its camera.json as a sendcmd file, the same ASS subtitles burned
  in, the same watermark overlay, the gain media-worker applied plus alimiter, libx264
  veryfast crf 21, AAC. The target: at most 1.0x ffmpeg's wall time.
The 1080p30 sources (testsrc2 + a tone, libx264 veryfast) are cached in .build/bench-media/.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

from benchtools import BINARY, ROOT, measure, print_table
from media_bench import source_video

STYLE = "Phone,DejaVu Sans,54,&H00FFFFFF,&H0000FFFF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,3,1,2,65,162,384,1"


def captions(path, seconds):
    """An SRT beside the source: a two-line cue of 2 s every 4 s (so a cue start and a cue end are 30 s apart)."""
    with open(path, "w") as f:
        for i, start in enumerate(range(0, seconds - 2, 4)):
            stamp = lambda s: f"00:{s // 60:02d}:{s % 60:02d},000"
            f.write(f"{i + 1}\n{stamp(start)} --> {stamp(start + 2)}\nCaption number {i + 1}, long enough for two lines.\n\n")


def template(path):
    with open(os.path.join(ROOT, "job-templates", "shorts.json")) as f:
        loaded = json.load(f)
    loaded["MediaWorkerShorts"].update({"Count": 1, "MinDuration": 30, "MaxDuration": 30, "PreferredDuration": 30})
    with open(path, "w") as f:
        json.dump(loaded, f)


def wrap(text, width=26):
    """Greedy lines of at most `width` characters, as PhoneSubtitles.wrap, joined with \\N."""
    lines = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\\N".join(lines)


def ass(path, start, end, srt):
    """The ASS media-worker burns in for the short (same header and style; cues re-timed)."""
    def seconds(stamp):
        h, m, rest = stamp.split(":")
        s, ms = rest.split(",")
        return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000
    def stamp(t):
        cs = int(round(max(0, t) * 100))
        return f"{cs // 360000}:{cs // 6000 % 60:02d}:{cs // 100 % 60:02d}.{cs % 100:02d}"
    lines = ["[Script Info]", "ScriptType: v4.00+", "PlayResX: 1080", "PlayResY: 1920", "WrapStyle: 0", "ScaledBorderAndShadow: yes", "",
             "[V4+ Styles]", "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, "
             "StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding",
             "Style: " + STYLE, "", "[Events]", "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text"]
    for block in open(srt).read().strip().split("\n\n"):
        _, times, text = block.split("\n", 2)
        a, b = (seconds(t.strip()) for t in times.split("-->"))
        if b > start and a < end:
            lines.append(f"Dialogue: 0,{stamp(max(a, start) - start)},{stamp(min(b, end) - start)},Phone,,0,0,0,,{wrap(text)}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def commands(path, camera, start, end, rate=30):
    """A sendcmd file of the camera's window, one `crop@camera x` per output frame (CropPath.left)."""
    times, centres, width, window = camera["times"], camera["centres"], camera["sourceWidth"], camera["windowWidth"]
    with open(path, "w") as f:
        for n in range(int(round((end - start) * rate))):
            t = start + n / rate
            i = next((k for k, v in enumerate(times) if v > t), len(times))
            if i == 0 or i == len(times):
                centre = centres[min(i, len(times) - 1)]
            else:
                fraction = (t - times[i - 1]) / max(1e-9, times[i] - times[i - 1])
                centre = centres[i - 1] + (centres[i] - centres[i - 1]) * fraction
            left = min(max(0, round(centre * width - window / 2)), width - window) & ~1
            f.write(f"{n / rate:.4f} crop@camera x {left};\n")


def ffmpeg_short(source, start, duration, cmd, subtitles, logo, gain, camera, out):
    w, h = camera["windowWidth"], camera["windowHeight"]
    graph = (f"[0:v]format=yuv420p,sendcmd=f={cmd},crop@camera=w={w}:h={h}:x=0:y=(ih-oh)/2:exact=1,scale=1080:1920:flags=lanczos,setsar=1,"
             f"subtitles=filename={subtitles}[base];[1:v]format=rgba,colorchannelmixer=aa=0.700[mark];"
             f"[base][mark]overlay=x=60:y=120:format=auto,format=yuv420p[v];"
             f"[0:a]aresample=48000,volume={gain:.2f}dB,alimiter=limit={10 ** (-2.5 / 20):.4f}:level=disabled[a]")
    return ["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-ss", f"{start:.3f}", "-t", f"{duration:.3f}", "-i", source, "-i", logo,
            "-filter_complex", graph, "-map", "[v]", "-map", "[a]", "-c:v", "libx264", "-preset", "veryfast", "-crf", "21", "-profile:v", "high",
            "-g", "60", "-c:a", "aac", "-b:a", "160k", "-ac", "2", "-movflags", "+faststart", out]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=600, help="the analysis source's length (0: no analysis row)")
    parser.add_argument("--short-source-seconds", type=int, default=40, help="the render source's length (at least 32)")
    args = parser.parse_args()
    if not os.access(BINARY, os.X_OK):
        sys.exit(f"{BINARY} is missing: run `swift build -c release` (make bench does)")
    rows = []
    with tempfile.TemporaryDirectory() as work:
        if args.seconds > 0:
            long_source = source_video(args.seconds)
            wall, cpu, rss, _ = measure([BINARY, "shorts", long_source, "--analyse-only", "--output-dir", os.path.join(work, "analysis"),
                                         "--template", os.path.join(ROOT, "job-templates", "shorts.json")])
            # The ceiling of any analysis that decodes every picture: FFmpeg decoding the same source, nothing else.
            decode = measure(["ffmpeg", "-nostdin", "-loglevel", "error", "-threads", "0", "-i", long_source, "-map", "0:v", "-map", "0:a?", "-f", "null", "-"])
            rows.append((f"shorts analysis 1080p30 {args.seconds}s", "media-worker --analyse-only", wall, cpu, rss,
                         f"{args.seconds / wall:.1f}x real time (target >= 15x); {wall / decode[0]:.2f}x the decode-only wall"))
            rows.append((f"shorts analysis 1080p30 {args.seconds}s", "ffmpeg decode only (-f null)", *decode[:3],
                         f"{args.seconds / decode[0]:.1f}x real time: the ceiling of a full decode"))

        seconds = max(32, args.short_source_seconds)
        source = os.path.join(work, "programme.mp4")
        os.symlink(source_video(seconds), source)
        captions(os.path.join(work, "programme.srt"), seconds)
        template(os.path.join(work, "short.json"))
        logo = os.path.join(work, "logo.png")
        subprocess.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=white:size=240x80", "-frames:v", "1", logo], check=True)
        base = [BINARY, "shorts", source, "--template", os.path.join(work, "short.json"), "--watermark", logo]
        analysed = measure(base + ["--analyse-only", "--output-dir", os.path.join(work, "a")])
        whole = measure(base + ["--output-dir", os.path.join(work, "mw")])
        manifest = json.load(open(os.path.join(work, "mw", "shorts", "programme_shorts.json")))[0]
        camera = json.load(open(os.path.join(work, "mw", "analysis", "programme", "camera.json")))
        camera = camera.get("body", camera)
        start, end = manifest["start"], manifest["end"]
        cmd, subtitles = os.path.join(work, "crop.cmd"), os.path.join(work, "short.ass")
        commands(cmd, camera, start, end)
        ass(subtitles, start, end, os.path.join(work, "programme.srt"))
        ff = measure(ffmpeg_short(source, start, end - start, cmd, subtitles, logo, manifest.get("gain") or 0, camera, os.path.join(work, "ffmpeg.mp4")))
        render = (whole[0] - analysed[0], whole[1] - analysed[1], whole[2])
        label = f"one {end - start:.0f} s short, 1080x1920"
        rows.append((label, "media-worker (render)", *render, f"{render[0] / ff[0]:.2f}x / {render[1] / ff[1]:.2f}x / {render[2] / ff[2]:.2f}x"
                     f" (shorts {whole[0]:.2f} s minus --analyse-only {analysed[0]:.2f} s of the {seconds} s source; RSS of the whole run)"))
        rows.append((label, "ffmpeg (one graph)", *ff[:3], "reference"))
    print_table(rows, note="notes / vs reference (wall / CPU / RSS)",
                targets="Targets (issue 19): analysis >= 15x real time on 2 cores; rendering a short <= 1.0x ffmpeg's wall time.")


if __name__ == "__main__":
    main()
