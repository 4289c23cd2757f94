#!/usr/bin/env python3
"""media-worker's media benchmarks against ffmpeg/ffprobe, in one run, printed as a table.

usage: media_bench.py [--seconds 60] [--s3-gib 2]

- ladder: `media-worker process` (probe, thumbnail, four renditions, validation) against one
  ffmpeg command doing the ladder (split, scale, four libx264 encodes with the same preset,
  bitrates and GOP, AAC). Wall time, CPU seconds and peak RSS by wait4(); quality as the
  mean PSNR of each rendition's first 10 s against the source scaled with bicubic.
- thumbnail: `media-worker thumbnail` against `ffmpeg -ss 7 -i SRC -frames:v 1` (median of 5).
- probe: `media-worker probe` against `ffprobe -show_format -show_streams` (median of 5).
- S3: probe plus thumbnail of a large object on a local moto server: bytes read.
The 1080p30 source (testsrc2 + a tone, libx264 veryfast) is cached in .build/bench-media/.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

from benchtools import BINARY, ROOT, Moto, measure, print_table

CACHE = os.path.join(ROOT, ".build", "bench-media")
LADDER = [("1080p", 1920, 1080, "8500k"), ("720p", 1280, 720, "5000k"), ("480p", 854, 480, "2500k"), ("360p", 640, 360, "1000k")]


def median_of(command, runs=5):
    results = [measure(command) for _ in range(runs)]
    return tuple(statistics.median(r[i] for r in results) for i in range(3))


def psnr(candidate, source, width, height):
    graph = f"[1:v]scale={width}:{height}:flags=bicubic[ref];[0:v][ref]psnr"
    out = subprocess.run(["ffmpeg", "-nostdin", "-t", "10", "-i", candidate, "-t", "10", "-i", source, "-lavfi", graph, "-f", "null", "-"],
                         capture_output=True, text=True).stderr
    match = re.search(r"average:([0-9.]+)", out)
    return float(match.group(1)) if match else float("nan")


def source_video(seconds):
    os.makedirs(CACHE, exist_ok=True)
    path = os.path.join(CACHE, f"source_1080p30_{seconds}s.mp4")
    if not os.path.exists(path):
        print(f"making the {seconds} s 1080p30 source (cached in {CACHE})...", file=sys.stderr)
        subprocess.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=30:duration={seconds}",
                        "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}", "-ac", "2",
                        "-c:v", "libx264", "-preset", "veryfast", "-b:v", "12M", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "192k",
                        "-movflags", "+faststart", path + ".tmp.mp4"], check=True)
        os.rename(path + ".tmp.mp4", path)
    return path


def ffmpeg_ladder(source, folder):
    split = "".join(f"[v{i}]" for i in range(len(LADDER)))
    graph = f"[0:v]split={len(LADDER)}{split};" + ";".join(f"[v{i}]scale={w}:{h}:flags=bicubic[o{i}]" for i, (_, w, h, _) in enumerate(LADDER))
    command = ["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-i", source, "-filter_complex", graph]
    for i, (name, _, _, rate) in enumerate(LADDER):
        command += ["-map", f"[o{i}]", "-map", "0:a", "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-b:v", rate, "-g", "60",
                    "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-ar", "48000", "-movflags", "+faststart", os.path.join(folder, f"ffmpeg_{name}.mp4")]
    return command


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--s3-gib", type=float, default=2)
    args = parser.parse_args()
    if not os.access(BINARY, os.X_OK):
        sys.exit(f"{BINARY} is missing: run `swift build -c release` (make bench does)")
    source = source_video(args.seconds)
    rows = []
    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "mw")
        mw = measure([BINARY, "process", source, "--output-dir", out])
        ff = measure(ffmpeg_ladder(source, work))
        mw_psnr = [psnr(os.path.join(out, "audiovideo", f"{os.path.splitext(os.path.basename(source))[0]}_{n}.mp4"), source, w, h) for n, w, h, _ in LADDER]
        ff_psnr = [psnr(os.path.join(work, f"ffmpeg_{n}.mp4"), source, w, h) for n, w, h, _ in LADDER]
        quality = f"PSNR {statistics.mean(mw_psnr):.2f} vs {statistics.mean(ff_psnr):.2f} dB (" + ", ".join(
            f"{n} {a - b:+.2f}" for (n, _, _, _), a, b in zip(LADDER, mw_psnr, ff_psnr)) + ")"
        label = f"ladder 1080p30 {args.seconds}s"
        rows.append((label, "media-worker process", mw[0], mw[1], mw[2], f"{mw[0] / ff[0]:.2f}x / {mw[1] / ff[1]:.2f}x / {mw[2] / ff[2]:.2f}x; {quality}"))
        rows.append((label, "ffmpeg (one command)", ff[0], ff[1], ff[2], "reference"))

        thumb_mw = median_of([BINARY, "thumbnail", source, "-o", os.path.join(work, "mw.jpg")])
        thumb_ff = median_of(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-ss", "7", "-i", source, "-frames:v", "1", "-q:v", "3", os.path.join(work, "ff.jpg")])
        rows.append(("thumbnail at 7 s", "media-worker thumbnail", *thumb_mw, f"{thumb_mw[0] / thumb_ff[0]:.2f}x / {thumb_mw[1] / thumb_ff[1]:.2f}x / {thumb_mw[2] / thumb_ff[2]:.2f}x"))
        rows.append(("thumbnail at 7 s", "ffmpeg -ss 7", *thumb_ff, "reference"))
        probe_mw = median_of([BINARY, "probe", source])
        probe_ff = median_of(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-show_chapters", source])
        rows.append(("probe", "media-worker probe", *probe_mw, f"{probe_mw[0] / probe_ff[0]:.2f}x / {probe_mw[1] / probe_ff[1]:.2f}x / {probe_mw[2] / probe_ff[2]:.2f}x"))
        rows.append(("probe", "ffprobe", *probe_ff, "reference"))

        if args.s3_gib > 0:
            rows.append(s3_row(source, work, args.s3_gib))
    print_table(rows, targets="Targets (issue 4): ladder wall <= 1.0x ffmpeg (aim 0.9x) at PSNR within 0.2 dB, peak RSS <= 1.0x;"
                              " thumbnail <= 1.0x; probe <= 1.0x; probe + thumbnail read < 5 % of the S3 object.")


def s3_row(source, work, gib):
    """Probe plus thumbnail of a ~gib GiB object (the source stream-copied in a loop) on moto."""
    big = os.path.join(work, "big.mp4")
    loops = max(1, int(gib * (1 << 30) / os.path.getsize(source)))
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-stream_loop", str(loops - 1), "-i", source, "-c", "copy",
                    "-movflags", "+faststart", big], check=True)
    with Moto() as moto:
        env = moto.env
        subprocess.run([BINARY, "upload", big, "s3://bench/inputs/big.mp4"], env=env, check=True, stdout=subprocess.DEVNULL)
        total_read, size, wall, cpu, rss = 0, os.path.getsize(big), 0.0, 0.0, 0.0
        for command in (["probe", "s3://bench/inputs/big.mp4"], ["thumbnail", "s3://bench/inputs/big.mp4", "-o", os.path.join(work, "s3.jpg")]):
            w, c, r, stderr = measure([BINARY] + command, env)
            match = re.search(r"read (\d+) of (\d+) bytes", stderr)
            if not match:
                sys.exit(f"no byte count from media-worker {command[0]}: {stderr}")
            total_read += int(match.group(1))
            wall, cpu, rss = wall + w, cpu + c, max(rss, r)
        percent = total_read / size * 100
        return (f"S3 probe+thumb {size / (1 << 30):.2f} GiB", "media-worker (ranged GET)", wall, cpu, rss,
                f"read {total_read / (1 << 20):.1f} MiB = {percent:.3f} % of the object")


if __name__ == "__main__":
    main()
