#!/usr/bin/env python3
"""Checks a delivered HLS package with independent tools: PyPI's m3u8 parses every playlist,
pymp4 reads the fMP4 boxes, ffprobe/ffmpeg probe and decode every rendition, and the RFC 8216
rules are checked on every playlist.

usage: check_package.py ROOT MASTER [--key HEX] [--srt FILE] [--min-segment SECONDS]

ROOT is a local folder holding the delivered objects (as downloaded) and MASTER the
multivariant playlist's path below it. Prints a JSON summary (playlists, segments, the rules
checked and how often) and exits 1 listing every broken rule.
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile

import m3u8

errors = []
rules = {}
min_segment = 0  # --min-segment: HlsGroupSettings.MinSegmentLength, checked on every media segment


def rule(name, ok, detail):
    rules[name] = rules.get(name, 0) + 1
    if not ok:
        errors.append(f"{name}: {detail}")
    return ok


def ffprobe(path, *args):
    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", *args, path], capture_output=True, text=True)
    return json.loads(out.stdout or "{}")


def avc_codec(path):
    """avc1.PPCCLL from the SPS as FFmpeg's trace_headers prints it."""
    out = subprocess.run(["ffmpeg", "-v", "trace", "-nostdin", "-i", path, "-map", "0:v:0", "-c", "copy", "-bsf:v", "trace_headers",
                          "-frames:v", "1", "-f", "null", "-"], capture_output=True, text=True).stderr
    def field(name):
        match = re.search(rf"\b{name}\s+[01]+\s+=\s+(\d+)", out)
        return int(match.group(1)) if match else 0
    flags = sum(field(f"constraint_set{i}_flag") << (7 - i) for i in range(6))
    return "avc1.%02x%02x%02x" % (field("profile_idc"), flags, field("level_idc"))


def probed_codecs(path):
    codecs = set()
    for stream in ffprobe(path, "-show_streams").get("streams", []):
        if stream.get("codec_name") == "h264":
            codecs.add(avc_codec(path))
        elif stream.get("codec_name") == "aac":
            codecs.add({"LC": "mp4a.40.2", "HE-AAC": "mp4a.40.5", "HE-AACv2": "mp4a.40.29"}.get(stream.get("profile"), "mp4a.40.?"))
    return codecs


def mpeg_crc32(data):
    """The CRC-32 of MPEG-2 PSI sections (polynomial 0x04C11DB7, not reflected)."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) & 0xFFFFFFFF if crc & 0x80000000 else (crc << 1) & 0xFFFFFFFF
    return crc


def first_section_intact(ts):
    """Whether the segment's first packet, a table as the hls muxer starts each segment (SDT,
    then PAT and PMT), carries its section with a valid CRC. A wrong IV garbles exactly the
    first 16 bytes in CBC, which a sync-byte check misses (IVs differing in their last byte
    garble byte 15) but the section's CRC cannot."""
    pid = (ts[1] & 0x1F) << 8 | ts[2] if len(ts) >= 188 else -1
    if ts[:1] != b"\x47" or pid not in (0x00, 0x11) or not ts[1] & 0x40:
        return False
    start = 4 + (1 + ts[4] if not ts[3] & 0x20 else 1 + ts[4] + 1 + ts[5 + ts[4]])
    section_length = (ts[start + 1] & 0x0F) << 8 | ts[start + 2]
    section = ts[start:start + 3 + section_length]
    return len(section) == 3 + section_length and mpeg_crc32(section) == 0


def packed_audio(data):
    """A packed audio segment (RFC 8216 3.4): its ID3 tag's transportStreamTimestamp (None
    without a tag) and whether the rest is a whole chain of ADTS frames."""
    timestamp, offset = None, 0
    if data[:3] == b"ID3":
        size = int.from_bytes(bytes(b & 0x7F for b in data[6:10]), "big")
        tag, offset = data[10:10 + size], 10 + size
        owner = b"com.apple.streaming.transportStreamTimestamp\x00"
        at = tag.find(b"PRIV")
        if at >= 0 and tag[at + 10:at + 10 + len(owner)] == owner:
            value = tag[at + 10 + len(owner):at + 18 + len(owner)]
            timestamp = int.from_bytes(value, "big") & 0x1FFFFFFFF
    frames = 0
    while offset + 7 <= len(data) and data[offset] == 0xFF and data[offset + 1] & 0xF0 == 0xF0:
        length = (data[offset + 3] & 0x03) << 11 | data[offset + 4] << 3 | data[offset + 5] >> 5
        if length < 7:
            break
        offset += length
        frames += 1
    return timestamp, frames > 0 and offset == len(data)


def decrypt(data, key, iv):
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    plain = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    out = plain.update(data) + plain.finalize()
    return out[:-out[-1]]


def read_range(path, byterange):
    with open(path, "rb") as f:
        if byterange:
            length, _, offset = byterange.partition("@")
            f.seek(int(offset or 0))
            return f.read(int(length))
        return f.read()


def decode(playlist, extra=(), maps=()):
    hls = ["-allowed_extensions", "ALL"] if playlist.endswith((".m3u8", ".mpd")) else []
    out = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", *hls, *extra, "-i", playlist, *maps, "-f", "framemd5", "-"],
                         capture_output=True, text=True)
    return out.returncode, [l for l in out.stdout.splitlines() if not l.startswith("#")], out.stderr


def picture_hashes(path, extra=()):
    """The decoded pictures' MD5s, in order (timestamps left out: they depend on the demuxer)."""
    _, frames, _ = decode(path, extra, ["-map", "0:v:0"])
    return [line.split(",")[-1].strip() for line in frames]


def boxes(data):
    """The top-level ISO BMFF boxes of `data`, parsed by pymp4."""
    from pymp4.parser import Box
    offset = 0
    while offset < len(data):
        yield Box.parse(data[offset:])
        offset += int.from_bytes(data[offset:offset + 4], "big")


def check_fmp4(folder, media):
    from pymp4.parser import Box
    chunks = []
    if media.segment_map:
        init = media.segment_map[0]
        chunks.append(read_range(os.path.join(folder, init.uri), init.byterange))
    timescales, defaults, last = {}, {}, {}
    for index, segment in enumerate(media.segments):
        if not os.path.isfile(os.path.join(folder, segment.uri)):
            continue  # reported by uri-resolves
        data = (chunks[0] if index == 0 and chunks else b"") + read_range(os.path.join(folder, segment.uri), segment.byterange)
        kinds = []
        for box in boxes(data):
            kinds.append(box.type.decode() if isinstance(box.type, bytes) else box.type)
            if box.type in (b"moov", "moov"):
                for trak in box.children:
                    if trak.type in (b"trak", "trak"):
                        tid = next(c for c in trak.children if c.type in (b"tkhd", "tkhd")).track_ID
                        mdia = next(c for c in trak.children if c.type in (b"mdia", "mdia"))
                        timescales[tid] = next(c for c in mdia.children if c.type in (b"mdhd", "mdhd")).timescale
                    if trak.type in (b"mvex", "mvex"):
                        for trex in trak.children:
                            if trex.type in (b"trex", "trex"):
                                defaults[trex.track_ID] = trex.default_sample_duration
            if box.type in (b"moof", "moof"):
                for traf in box.children:
                    if traf.type not in (b"traf", "traf"):
                        continue
                    tfhd = next(c for c in traf.children if c.type in (b"tfhd", "tfhd"))
                    tfdt = next(c for c in traf.children if c.type in (b"tfdt", "tfdt"))
                    trun = next(c for c in traf.children if c.type in (b"trun", "trun"))
                    tid = tfhd.track_ID
                    default = tfhd.default_sample_duration or defaults.get(tid, 0)
                    total = sum((s.sample_duration if s.sample_duration is not None else default) or default for s in trun.sample_info)
                    if tid in last:
                        rule("fmp4-tfdt-continuous", tfdt.baseMediaDecodeTime == last[tid],
                             f"{segment.uri} track {tid}: tfdt {tfdt.baseMediaDecodeTime} != {last[tid]}")
                    last[tid] = tfdt.baseMediaDecodeTime + total
        rule("fmp4-moof-mdat", "moof" in kinds and "mdat" in kinds, f"{segment.uri} boxes {kinds}")


def check_media(root, master_dir, uri, key, srt, variant=None):
    path = os.path.normpath(os.path.join(master_dir, uri))
    if not rule("uri-resolves", os.path.isfile(path), f"{uri} (playlist) missing"):
        return None
    media = m3u8.load(path)
    folder = os.path.dirname(path)
    text = open(path).read()
    rule("endlist-vod", media.is_endlist and media.playlist_type == "vod", f"{uri}: not a VOD playlist with EXT-X-ENDLIST")
    peak, durations = 0, []
    packed_last = None
    for segment in media.segments:
        seg_path = os.path.join(folder, segment.uri)
        if not rule("uri-resolves", os.path.isfile(seg_path), f"{segment.uri} missing"):
            continue
        rule("targetduration", round(segment.duration) <= media.target_duration, f"{uri}: {segment.duration} rounds above {media.target_duration}")
        if min_segment and not segment.uri.endswith(".vtt") and len(media.segments) > 1:
            rule("segment-at-least-min", segment.duration >= min_segment - 0.01, f"{uri}: {segment.uri} lasts {segment.duration} s < MinSegmentLength {min_segment}")
        size = len(read_range(seg_path, segment.byterange))
        if segment.uri.endswith(".aac") and not (media.keys and any(k and k.method == "AES-128" for k in media.keys)):
            timestamp, whole = packed_audio(read_range(seg_path, segment.byterange))
            rule("packed-audio-adts", whole, f"{segment.uri}: not a chain of ADTS frames after its ID3 tag")
            if timestamp is not None and packed_last is not None:
                expected = packed_last[0] + round(packed_last[1] * 90000)
                rule("packed-audio-timestamps-continuous", abs(timestamp - expected) <= 4500,
                     f"{segment.uri}: ID3 timestamp {timestamp} != previous {packed_last[0]} + {packed_last[1]} s")
            packed_last = (timestamp, segment.duration) if timestamp is not None else None
        durations.append(segment.duration)
        if segment.duration > 0:
            peak = max(peak, math.ceil(size * 8 / segment.duration))
    for init in media.segment_map or []:
        rule("uri-resolves", os.path.isfile(os.path.join(folder, init.uri)), f"{init.uri} (EXT-X-MAP) missing")
    needed = 3 if re.search(r"#EXTINF:\d+\.\d+", text) or media.keys and any(k and k.iv for k in media.keys) else 1
    if "#EXT-X-BYTERANGE" in text or ("BYTERANGE=" in text and "#EXT-X-MAP" in text):
        needed = max(needed, 4)
    if "KEYFORMAT" in text:
        needed = max(needed, 5)
    if "#EXT-X-MAP" in text:
        needed = max(needed, 6)
    rule("version-sufficient", int(media.version or 1) >= needed, f"{uri}: EXT-X-VERSION {media.version} < {needed}")
    encrypted = any(k and k.method == "AES-128" for k in media.keys)
    first = media.segments[0] if media.segments else None
    if first and first.uri.endswith(".vtt"):
        cues = []
        for segment in media.segments:
            body = open(os.path.join(folder, segment.uri), encoding="utf-8").read()
            rule("webvtt-timestamp-map", body.startswith("WEBVTT") and "X-TIMESTAMP-MAP=MPEGTS:" in body.split("\n\n")[0], f"{segment.uri}: no X-TIMESTAMP-MAP")
            for block in body.split("\n\n")[1:]:
                lines = [l for l in block.strip().splitlines() if l]
                timing = next((i for i, l in enumerate(lines) if "-->" in l), None)
                if timing is None:
                    continue
                start, end = (vtt_time(t.strip().split(" ")[0]) for t in lines[timing].split("-->"))
                cue = (start, end, "\n".join(lines[timing + 1:]))
                if cue not in cues:
                    cues.append(cue)
        if srt:
            expected = parse_srt(srt)
            rule("webvtt-cues-equal-srt", cues == expected, f"{uri}: cues {cues[:3]}... != SRT {expected[:3]}...")
        return {"peak": peak, "codecs": set(), "segments": len(media.segments)}
    decode_args = []
    decode_path = path
    if encrypted:
        keyfile = tempfile.NamedTemporaryFile(delete=False, suffix=".key")
        keyfile.write(key)
        keyfile.close()
        decode_path = os.path.join(folder, ".check-" + os.path.basename(path))
        with open(decode_path, "w") as f:
            f.write(re.sub(r'URI="[^"]*"', f'URI="file://{keyfile.name}"', text))
        decode_args = ["-protocol_whitelist", "file,crypto,data"]
        # Each segment decrypted here with the static key must give the frames ffmpeg decodes.
        clear = os.path.join(folder, ".check-clear.ts")
        with open(clear, "wb") as out:
            for number, segment in enumerate(media.segments):
                k = segment.key or media.keys[0]
                # RFC 8216 5.2: without an IV attribute, the segment's media sequence number.
                iv = bytes.fromhex(k.iv[2:]) if k.iv else (media.media_sequence + number).to_bytes(16, "big")
                plain = decrypt(read_range(os.path.join(folder, segment.uri), segment.byterange), key, iv)
                if segment.uri.endswith(".aac"):
                    rule("aes-decrypts-to-packed-audio", packed_audio(plain)[1], f"{segment.uri}: not packed audio after decryption with IV {iv.hex()}")
                else:
                    rule("aes-decrypts-to-ts", plain[:1] == b"\x47" and all(plain[i] == 0x47 for i in range(0, len(plain), 188)), f"{segment.uri}: not TS after decryption")
                    rule("aes-first-section-crc", first_section_intact(plain), f"{segment.uri}: the first packet's table fails its CRC after decryption with IV {iv.hex()}: a wrong IV")
                out.write(plain)
    status, frames, stderr = decode(decode_path, decode_args)
    rule("decodes-to-end", status == 0 and frames, f"{uri}: ffmpeg failed: {stderr[-300:]}")
    expected_frames = None
    if encrypted:
        decrypted, own = picture_hashes(clear), picture_hashes(decode_path, decode_args)
        rule("aes-clear-equals-decrypted", decrypted and decrypted == own,
             f"{uri}: the segments decrypted with the static key decode to other pictures ({len(decrypted)}) than ffmpeg's own decryption ({len(own)})")
        probe_path = clear
    else:
        probe_path = decode_path
    codecs = probed_codecs(probe_path)
    if media.segment_map and all(os.path.isfile(os.path.join(folder, m.uri)) for m in media.segment_map):
        check_fmp4(folder, media)
    if encrypted:
        os.unlink(decode_path)
        os.unlink(clear)
        os.unlink(keyfile.name)
    return {"peak": peak, "codecs": codecs, "segments": len(media.segments), "frames": len(frames), "expected": expected_frames}


def vtt_time(text):
    parts = text.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return round(seconds, 3)


def parse_srt(path):
    cues = []
    for block in re.split(r"\n\s*\n", open(path, encoding="utf-8-sig").read().replace("\r", "").strip()):
        lines = block.splitlines()
        timing = next(i for i, l in enumerate(lines) if "-->" in l)
        start, end = (vtt_time(t.strip()) for t in lines[timing].split("-->"))
        cues.append((start, end, "\n".join(lines[timing + 1:])))
    return cues


def check_iframes(master_dir, variant):
    """An I-frame-only playlist: every byte range (after its EXT-X-MAP) decodes to exactly one picture."""
    path = os.path.normpath(os.path.join(master_dir, variant.uri))
    if not rule("uri-resolves", os.path.isfile(path), f"{variant.uri} (I-frame playlist) missing"):
        return
    text = open(path).read()
    media = m3u8.load(path)
    folder = os.path.dirname(path)
    rule("iframe-only", media.is_i_frames_only, f"{variant.uri}: no EXT-X-I-FRAMES-ONLY")
    rule("version-sufficient", int(media.version or 1) >= (5 if "#EXT-X-MAP" in text else 4), f"{variant.uri}: EXT-X-VERSION {media.version}")
    peak, header = 0, b""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("#EXT-X-MAP:"):
            uri = re.search(r'URI="([^"]+)"', line).group(1)
            length, _, offset = re.search(r'BYTERANGE="([^"]+)"', line).group(1).partition("@")
            header = read_range(os.path.join(folder, uri), f"{length}@{offset}")
        if line.startswith("#EXTINF:"):
            duration = float(line[8:].split(",")[0])
            byterange = lines[index + 1].split(":", 1)[1]
            uri = lines[index + 2]
            rule("targetduration", round(duration) <= media.target_duration, f"{variant.uri}: {duration} over {media.target_duration}")
            data = read_range(os.path.join(folder, uri), byterange)
            if duration > 0:
                peak = max(peak, math.ceil(len(data) * 8 / duration))
            sample = os.path.join(folder, ".check-iframe.ts")
            with open(sample, "wb") as out:
                out.write(header + data)
            _, frames, _ = decode(sample, maps=["-map", "0:v:0"])
            os.unlink(sample)
            rule("iframe-decodes-one-picture", len(frames) == 1, f"{variant.uri} {byterange} of {uri}: {len(frames)} pictures")
    rule("iframe-bandwidth-covers-peak", variant.iframe_stream_info.bandwidth >= peak, f"{variant.uri}: BANDWIDTH {variant.iframe_stream_info.bandwidth} < peak {peak}")


def iso_seconds(text):
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", text or "")
    hours, minutes, seconds = (float(g) if g else 0 for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def check_mpd(root, manifest):
    """DASH: mpegdash parses the MPD; each representation's files exist, their count and
    durations match the SegmentTemplate, tfdt is continuous, CODECS equal ffprobe's, the
    bandwidth covers the peak segment, ffmpeg decodes the MPD to the end."""
    from mpegdash.parser import MPEGDASHParser
    from types import SimpleNamespace
    path = os.path.join(root, manifest)
    folder = os.path.dirname(path)
    mpd = MPEGDASHParser.parse(path)
    total = iso_seconds(mpd.media_presentation_duration)
    rule("mpd-static", mpd.type == "static", f"{manifest}: type {mpd.type}")
    rule("mpd-min-buffer-time", iso_seconds(mpd.min_buffer_time) > 0, f"{manifest}: minBufferTime {mpd.min_buffer_time}")
    representations = segments = 0
    kinds = set()
    for adaptation in mpd.periods[0].adaptation_sets:
        kinds.add(adaptation.content_type)
        for representation in adaptation.representations:
            representations += 1
            if adaptation.content_type == "text":
                uri = representation.base_urls[0].base_url_value
                rule("uri-resolves", os.path.isfile(os.path.join(folder, uri)), f"{uri} missing")
                body = open(os.path.join(folder, uri), encoding="utf-8").read() if os.path.isfile(os.path.join(folder, uri)) else ""
                rule("webvtt-sidecar", body.startswith("WEBVTT"), f"{uri} is not WebVTT")
                continue
            if representation.segment_bases:
                segments += check_segment_base(folder, representation, adaptation, total)
                continue
            template = representation.segment_templates[0] if representation.segment_templates else adaptation.segment_templates[0]
            init = template.initialization
            timeline = []
            if template.segment_timelines:
                for entry in template.segment_timelines[0].Ss:
                    timeline += [entry.d / template.timescale] * ((entry.r or 0) + 1)
            else:
                count = math.ceil(round(total * template.timescale / template.duration, 3))
                timeline = [template.duration / template.timescale] * count
            count = len(timeline)
            rule("mpd-duration-equals-timeline", abs(sum(timeline) - total) < 0.1, f"{representation.id}: timeline {sum(timeline)} s vs mediaPresentationDuration {total} s")
            number = lambda n: re.sub(r"\$Number%0(\d+)d\$", lambda m: str(n).zfill(int(m.group(1))), template.media)
            files = [number(n) for n in range(template.start_number, template.start_number + count) if os.path.isfile(os.path.join(folder, number(n)))]
            rule("uri-resolves", os.path.isfile(os.path.join(folder, init)), f"{init} missing")
            rule("mpd-segment-count", len(files) == count and not os.path.isfile(os.path.join(folder, number(template.start_number + count))),
                 f"{representation.id}: {len(files)} segment files, the MPD names {count}")
            segments += len(files)
            media = SimpleNamespace(segment_map=[SimpleNamespace(uri=init, byterange=None)], segments=[SimpleNamespace(uri=f, byterange=None) for f in files])
            check_fmp4(folder, media)
            durations, peak = fmp4_durations(folder, init, files)
            rule("mpd-segment-durations", len(durations) == len(timeline) and all(abs(d - t) < 0.05 for d, t in zip(durations, timeline)),
                 f"{representation.id}: segment durations {durations} vs the MPD's {timeline}")
            for index, name in enumerate(files):
                size = os.path.getsize(os.path.join(folder, name))
                if durations[index] > 0:
                    peak = max(peak, math.ceil(size * 8 / durations[index]))
            rule("bandwidth-covers-peak", representation.bandwidth >= peak, f"{representation.id}: bandwidth {representation.bandwidth} < peak {peak}")
            joined = os.path.join(folder, f".check-{representation.id}.mp4")
            with open(joined, "wb") as out:
                for name in [init] + files:
                    out.write(open(os.path.join(folder, name), "rb").read())
            codecs = probed_codecs(joined)
            os.unlink(joined)
            rule("codecs-equal-ffprobe", {representation.codecs or adaptation.codecs} == codecs, f"{representation.id}: codecs {representation.codecs} != probed {codecs}")
    status, frames, stderr = decode(path)
    rule("decodes-to-end", status == 0 and frames, f"{manifest}: ffmpeg failed: {stderr[-300:]}")
    rule("mpd-video-and-audio", "video" in kinds, f"{manifest}: adaptation sets {kinds}")
    return representations, segments


def check_segment_base(folder, representation, adaptation, total):
    """SegmentControl SINGLE_FILE: one file per representation (BaseURL), its ftyp+moov at the
    Initialization range, a sidx exactly at indexRange whose references tile the rest of the file,
    each a moof+mdat whose trun durations equal the sidx's, the file decoding to the end."""
    from pymp4.parser import Box
    uri = representation.base_urls[0].base_url_value
    path = os.path.join(folder, uri)
    if not rule("uri-resolves", os.path.isfile(path), f"{uri} missing"):
        return 0
    data = open(path, "rb").read()
    base = representation.segment_bases[0]
    first, last = map(int, base.index_range.split("-"))
    init_first, init_last = map(int, base.initializations[0].range.split("-"))
    init_types = [b.type for b in boxes(data[init_first:init_last + 1])]
    rule("segmentbase-initialization", init_first == 0 and [bytes(t) if isinstance(t, bytes) else t.encode() for t in init_types] == [b"ftyp", b"moov"],
         f"{uri}: Initialization range {base.initializations[0].range} holds {init_types}")
    try:
        sidx = Box.parse(data[first:last + 1])
    except Exception:
        sidx = None
    if not rule("segmentbase-sidx-at-index-range", sidx is not None and sidx.type in (b"sidx", "sidx") and int.from_bytes(data[first:first + 4], "big") == last - first + 1,
                f"{uri}: indexRange {base.index_range} does not hold exactly one sidx"):
        return 0
    offset = last + 1 + sidx.first_offset
    timeline, peak = [], 0
    init = os.path.join(folder, f".check-{representation.id}-init.mp4")
    open(init, "wb").write(data[init_first:init_last + 1])
    for index, reference in enumerate(sidx.references):
        chunk = data[offset:offset + reference.referenced_size]
        types = [b.type for b in boxes(chunk)] if len(chunk) == reference.referenced_size else []
        rule("segmentbase-reference-is-fragment", len(types) >= 2 and types[0] in (b"moof", "moof") and types[-1] in (b"mdat", "mdat"),
             f"{uri}: reference {index} at {offset} holds {types}")
        name = f".check-{representation.id}-{index}.m4s"
        open(os.path.join(folder, name), "wb").write(chunk)
        duration = reference.segment_duration / sidx.timescale
        measured = fmp4_durations(folder, os.path.basename(init), [name])[0][0]
        os.unlink(os.path.join(folder, name))
        rule("segmentbase-sidx-durations-equal-trun", abs(measured - duration) < 0.05, f"{uri}: reference {index} {duration} s in sidx, {measured} s of samples")
        timeline.append(duration)
        if duration > 0:
            peak = max(peak, math.ceil(len(chunk) * 8 / duration))
        offset += reference.referenced_size
    os.unlink(init)
    rule("segmentbase-references-tile-file", offset == len(data), f"{uri}: the sidx references end at {offset}, the file at {len(data)}")
    rule("mpd-duration-equals-timeline", abs(sum(timeline) - total) < 0.1, f"{representation.id}: sidx {sum(timeline)} s vs mediaPresentationDuration {total} s")
    rule("bandwidth-covers-peak", representation.bandwidth >= peak, f"{representation.id}: bandwidth {representation.bandwidth} < peak {peak}")
    rule("codecs-equal-ffprobe", {representation.codecs or adaptation.codecs} == probed_codecs(path), f"{representation.id}: codecs differ from ffprobe's")
    status, frames, stderr = decode(path)
    rule("single-file-decodes-to-end", status == 0 and frames, f"{uri}: ffmpeg failed: {stderr[-300:]}")
    return len(sidx.references)


def fmp4_durations(folder, init, files):
    """Each segment's duration in seconds from its first track's trun sample durations."""
    from pymp4.parser import Box
    data = open(os.path.join(folder, init), "rb").read()
    timescale, default = 1, 0
    for box in boxes(data):
        if box.type in (b"moov", "moov"):
            for child in box.children:
                if child.type in (b"trak", "trak"):
                    mdia = next(c for c in child.children if c.type in (b"mdia", "mdia"))
                    timescale = next(c for c in mdia.children if c.type in (b"mdhd", "mdhd")).timescale
                if child.type in (b"mvex", "mvex"):
                    default = next(c for c in child.children if c.type in (b"trex", "trex")).default_sample_duration
    durations = []
    for name in files:
        data = open(os.path.join(folder, name), "rb").read()
        total = 0
        for box in boxes(data):
            if box.type in (b"moof", "moof"):
                for traf in box.children:
                    if traf.type in (b"traf", "traf"):
                        tfhd = next(c for c in traf.children if c.type in (b"tfhd", "tfhd"))
                        for trun in (c for c in traf.children if c.type in (b"trun", "trun")):
                            fallback = tfhd.default_sample_duration or default
                            total += sum(s.sample_duration if s.sample_duration is not None else fallback for s in trun.sample_info)
        durations.append(round(total / timescale, 3))
    return durations, 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("master")
    parser.add_argument("--key")
    parser.add_argument("--srt")
    parser.add_argument("--min-segment", type=float, default=0)
    args = parser.parse_args()
    global min_segment
    min_segment = args.min_segment
    key = bytes.fromhex(args.key) if args.key else None
    if args.master.endswith(".mpd"):
        representations, segments = check_mpd(args.root, args.master)
        print(json.dumps({"playlists": 1, "representations": representations, "segments": segments, "rules": rules, "errors": errors}))
        sys.exit(1 if errors else 0)
    master_path = os.path.join(args.root, args.master)
    master = m3u8.load(master_path)
    master_dir = os.path.dirname(master_path)
    rule("master-is-variant", master.is_variant, f"{args.master} is not a multivariant playlist")
    results, playlists, segments = {}, 1, 0
    groups = {}
    for media in master.media:
        if media.uri:
            result = check_media(args.root, master_dir, media.uri, key, args.srt)
            playlists += 1
            if result:
                segments += result["segments"]
                groups.setdefault((media.type, media.group_id), []).append(result)
    subtitle_groups = {g for (t, g) in groups if t == "SUBTITLES"}
    for playlist in master.playlists:
        result = check_media(args.root, master_dir, playlist.uri, key, args.srt)
        playlists += 1
        if not result:
            continue
        segments += result["segments"]
        info = playlist.stream_info
        peak = result["peak"]
        codecs = set(result["codecs"])
        if info.audio:
            audio = groups.get(("AUDIO", info.audio), [])
            rule("audio-group-exists", bool(audio), f"{playlist.uri}: AUDIO group {info.audio} has no rendition")
            peak += max((a["peak"] for a in audio), default=0)
            for a in audio:
                codecs |= a["codecs"]
        if info.subtitles:
            rule("subtitles-group-exists", info.subtitles in subtitle_groups, f"{playlist.uri}: SUBTITLES group {info.subtitles} missing")
        rule("bandwidth-covers-peak", info.bandwidth >= peak, f"{playlist.uri}: BANDWIDTH {info.bandwidth} < measured peak {peak}")
        rule("codecs-equal-ffprobe", set(info.codecs.split(",")) == codecs, f"{playlist.uri}: CODECS {info.codecs} != probed {sorted(codecs)}")
    for playlist in master.iframe_playlists:
        playlists += 1
        check_iframes(master_dir, playlist)
    if subtitle_groups:
        rule("subtitles-referenced", any(p.stream_info.subtitles for p in master.playlists), "no variant references the SUBTITLES group")
    print(json.dumps({"playlists": playlists, "segments": segments, "rules": rules, "errors": errors}))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
