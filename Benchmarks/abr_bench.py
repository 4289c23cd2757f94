#!/usr/bin/env python3
"""Automated ABR run locally against job.json's fixed ladder, printed as a table.

usage: abr_bench.py [--seconds 8] [--preset veryfast]

On three generated 1080p30 sources of very different complexity (a still slide with a small
moving cursor, a talking-head-like scene of moderate motion and grain, full-frame moving
noise), `media-worker process` runs
- job-templates/job.json (its fixed four-rung QVBR ladder, MP4), and
- the same H.264 settings in an HLS group with `AutomatedEncodingSettings` (MaxAbrBitrate =
  job.json's top MaxBitrate, 6 Mb/s, so the stack cannot out-spend the fixed ladder at the
  top; MinAbrBitrate and MaxRenditions at MediaConvert's defaults).
For every rung: its size, video bitrate (ffprobe's packet sizes: container overhead left
out) and VMAF (vmaf_v0.6.1 from PyPI's imageio-ffmpeg, whose static FFmpeg has libvmaf).
"At each height served": for every fixed rung, the ABR rendition a player would take at that
rung's bitrate (the largest ABR rendition at or under it, 5 % allowed for measurement noise,
else the smallest), both scored
at the fixed rung's size. Targets (issue 18): on the slide at least 25 % fewer total bytes
with VMAF no more than 1 point lower at every height served; on the noise never more than 1
VMAF point worse at every height served, at equal or lower total bytes.
Sources are cached in .build/bench-media/.
"""
import argparse
import copy
import json
import os
import re
import subprocess
import sys
import tempfile

from benchtools import BINARY, ROOT

CACHE = os.path.join(ROOT, ".build", "bench-media")


def vmaf_ffmpeg():
    try:
        import imageio_ffmpeg
    except ImportError:
        sys.exit("abr_bench.py needs imageio-ffmpeg (scripts/requirements/bench.txt; `make bench` installs it)")
    return imageio_ffmpeg.get_ffmpeg_exe()


def source(kind, seconds):
    os.makedirs(CACHE, exist_ok=True)
    path = os.path.join(CACHE, f"abr_{kind}_1080p30_{seconds}s.mp4")
    if os.path.exists(path):
        return path
    tone = ["-f", "lavfi", "-i", f"sine=frequency=330:sample_rate=48000:duration={seconds}"]
    if kind == "slide":
        video = ["-f", "lavfi", "-i", f"color=c=white:s=1920x1080:r=30:d={seconds}", "-f", "lavfi", "-i", f"color=c=black:s=24x24:r=30:d={seconds}"] + tone + [
            "-filter_complex",
            "[0]drawbox=x=150:y=120:w=1620:h=90:color=navy:t=fill,drawbox=x=150:y=300:w=1200:h=30:color=gray:t=fill,"
            "drawbox=x=150:y=390:w=1350:h=30:color=gray:t=fill,drawbox=x=150:y=480:w=1000:h=30:color=gray:t=fill[bg];[bg][1]overlay=x='300+120*t':y=600[v]",
            "-map", "[v]", "-map", "2"]
    elif kind == "talking":
        video = ["-f", "lavfi", "-i", f"testsrc2=s=1920x1080:r=30:d={seconds}"] + tone + ["-vf", "noise=alls=6:allf=t", "-map", "0", "-map", "1"]
    else:
        video = ["-f", "lavfi", "-i", f"color=c=gray:s=1920x1080:r=30:d={seconds}"] + tone + ["-vf", "noise=alls=100:allf=t+u", "-map", "0", "-map", "1"]
    print(f"making the {kind} source (cached in {CACHE})...", file=sys.stderr)
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-loglevel", "error"] + video + [
        "-c:v", "libx264", "-preset", "ultrafast", "-crf", "10", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path + ".tmp.mp4"], check=True)
    os.rename(path + ".tmp.mp4", path)
    return path


def templates(folder):
    with open(os.path.join(ROOT, "job-templates", "job.json")) as f:
        fixed = json.load(f)
    settings = fixed.get("Settings", fixed)
    group = settings["OutputGroups"][0]
    top = group["Outputs"][0]
    video = copy.deepcopy(top["VideoDescription"])
    video.pop("Width", None)
    video.pop("Height", None)
    h264 = video["CodecSettings"]["H264Settings"]
    max_bitrate = h264.pop("MaxBitrate")
    h264["RateControlMode"] = "QVBR"
    h264["QualityTuningLevel"] = "MULTI_PASS_HQ"
    h264.pop("QvbrSettings", None)
    abr = copy.deepcopy(fixed)
    abr_settings = abr.get("Settings", abr)
    abr_settings["OutputGroups"] = [{
        "Name": "Automated ABR",
        "OutputGroupSettings": {"Type": "HLS_GROUP_SETTINGS", "HlsGroupSettings": {"SegmentLength": 2, "MinSegmentLength": 0}},
        "AutomatedEncodingSettings": {"AbrSettings": {"MaxAbrBitrate": max_bitrate}},
        "Outputs": [
            {"NameModifier": "_abr", "ContainerSettings": {"Container": "M3U8"}, "VideoDescription": video},
            {"NameModifier": "_audio", "ContainerSettings": {"Container": "M3U8"}, "AudioDescriptions": top.get("AudioDescriptions", [])},
        ],
    }]
    paths = {}
    for name, body in (("fixed", fixed), ("abr", abr)):
        paths[name] = os.path.join(folder, f"{name}.json")
        with open(paths[name], "w") as f:
            json.dump(body, f)
    return paths, max_bitrate


def video_bitrate(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "packet=size,pts_time", "-of", "csv=p=0", path],
                         capture_output=True, text=True, check=True).stdout
    # pts_time,size[,] per packet (a trailing comma and side-data lines in some versions)
    rows = [fields[:2] for fields in (line.split(",") for line in out.splitlines()) if len(fields) >= 2 and fields[1].isdigit()]
    times = [float(t) for t, _ in rows if t not in ("", "N/A")]
    size = sum(int(s) for _, s in rows)
    return size * 8 / (max(times) - min(times) + 1 / 30), size


def vmaf(ffmpeg, distorted, reference, width, height):
    graph = (f"[0:v]scale={width}:{height}:flags=bicubic,format=yuv420p,setpts=PTS-STARTPTS[d];"
             f"[1:v]scale={width}:{height}:flags=bicubic,format=yuv420p,setpts=PTS-STARTPTS[r];[d][r]libvmaf=n_threads=2")
    out = subprocess.run([ffmpeg, "-nostdin", "-hide_banner", "-i", distorted, "-i", reference, "-lavfi", graph, "-f", "null", "-"],
                         capture_output=True, text=True).stderr
    match = re.search(r"VMAF score: ([0-9.]+)", out)
    if not match:
        sys.exit(f"no VMAF for {distorted}: {out[-600:]}")
    return float(match.group(1))


def run(template, src, folder, preset):
    subprocess.run([BINARY, "process", src, "--output-dir", folder, "--template", template, "--preset", preset],
                   check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(folder, "json", os.path.splitext(os.path.basename(src))[0] + ".json")) as f:
        record = json.load(f)
    rungs = []
    for output in record["outputs"]:
        if output.get("role") != "rendition" or not output.get("width"):
            continue
        path = os.path.join(folder, output["path"])
        bitrate, size = video_bitrate(path)
        rungs.append({"path": path, "width": output["width"], "height": output["height"], "bitrate": bitrate, "bytes": size, "abr": output.get("abr")})
    rungs.sort(key=lambda r: -r["height"])
    return rungs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--preset", default="veryfast")
    args = parser.parse_args()
    ffmpeg = vmaf_ffmpeg()
    folder = tempfile.mkdtemp(prefix="mw-abr-bench-")
    paths, max_bitrate = templates(folder)
    print(f"\nAutomated ABR (MaxAbrBitrate {max_bitrate // 1000} kb/s, MinAbrBitrate 600 kb/s, MaxRenditions 15) against job.json's fixed ladder, "
          f"{args.seconds} s 1080p30 sources, x264 {args.preset}")
    header = f"{'source':<8} {'ladder':<6} {'rung':>10} {'kb/s':>7} {'VMAF':>6}   {'served height':>13} {'ABR rung':>10} {'kb/s':>7} {'VMAF at height':>15} {'fixed VMAF':>10}"
    verdicts = []
    for kind in ("slide", "talking", "noise"):
        src = source(kind, args.seconds)
        fixed = run(paths["fixed"], src, os.path.join(folder, kind, "fixed"), args.preset)
        abr = run(paths["abr"], src, os.path.join(folder, kind, "abr"), args.preset)
        print()
        print(header)
        for ladder, rungs in (("fixed", fixed), ("abr", abr)):
            for rung in rungs:
                rung["vmaf"] = vmaf(ffmpeg, rung["path"], src, rung["width"], rung["height"])
                print(f"{kind:<8} {ladder:<6} {rung['width']:>5}x{rung['height']:<4} {rung['bitrate'] / 1000:>7.0f} {rung['vmaf']:>6.2f}")
        worst = 0.0
        for rung in fixed:
            under = [r for r in abr if r["bitrate"] <= rung["bitrate"] * 1.05]
            served = max(under, key=lambda r: r["bitrate"]) if under else min(abr, key=lambda r: r["bitrate"])
            score = vmaf(ffmpeg, served["path"], src, rung["width"], rung["height"])
            worst = max(worst, rung["vmaf"] - score)
            print(f"{kind:<8} {'':<6} {'':>10} {'':>7} {'':>6}   {rung['height']:>13} {served['width']:>5}x{served['height']:<4} {served['bitrate'] / 1000:>7.0f} {score:>15.2f} {rung['vmaf']:>10.2f}")
        fixed_bytes = sum(r["bytes"] for r in fixed)
        abr_bytes = sum(r["bytes"] for r in abr)
        saving = 1 - abr_bytes / fixed_bytes
        print(f"{kind:<8} total video bytes: fixed {fixed_bytes / 1e6:.2f} MB ({len(fixed)} rungs), ABR {abr_bytes / 1e6:.2f} MB ({len(abr)} rungs): "
              f"{saving * 100:+.1f} % saved; worst VMAF loss at a served height {worst:.2f}")
        if kind == "slide":
            verdicts.append(f"slide: {saving * 100:.1f} % fewer bytes (target >= 25 %), worst VMAF loss {worst:.2f} (target <= 1): "
                            + ("MET" if saving >= 0.25 and worst <= 1 else "MISSED"))
        if kind == "noise":
            verdicts.append(f"noise: ABR bytes {abr_bytes / fixed_bytes:.2f}x the fixed ladder's (target <= 1), worst VMAF loss {worst:.2f} (target <= 1): "
                            + ("MET" if abr_bytes <= fixed_bytes and worst <= 1 else "MISSED"))
    print()
    for verdict in verdicts:
        print("target " + verdict)


if __name__ == "__main__":
    main()
