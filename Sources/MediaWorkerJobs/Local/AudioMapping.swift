public import MediaWorkerMedia

/// An audio-only output's codec onto the local `AudioTranscoder`: `MP3` → libmp3lame `.mp3`,
/// `AC3` → FFmpeg's AC-3 (raw, or in MP4), `WAV` → PCM 16 or 24-bit `.wav`; AAC otherwise.
public enum AudioMapping {
    public static let executedCodecs: Set<String> = ["AAC", "MP3", "AC3", "WAV"]

    /// The AAC transcoder for an audio-only output: its bitrate, rate, channels, language and
    /// source track, the input's clip and its `AudioNormalizationSettings`.
    public static func transcoder(for output: PlannedOutput, clip: InputClip?, limits: MediaLimits) -> AudioTranscoder {
        var transcoder = AudioTranscoder(bitrate: output.audio?.bitrate ?? 128_000, sampleRate: Int32(output.audio?.sampleRate ?? 48_000), limits: limits)
        transcoder.channels = Int32(LocalMapping.channels(output.audio?.codingMode))
        transcoder.language = output.audioLanguage
        transcoder.track = output.audioTrack
        transcoder.clip = clip
        transcoder.loudness = output.audio?.normalization
        return transcoder
    }

    public static func apply(_ output: PlannedOutput, to transcoder: inout AudioTranscoder) {
        guard let audio = output.audio else { return }
        switch audio.codec {
        case "MP3": transcoder.codec = .mp3
        case "AC3": transcoder.codec = .ac3
        case "WAV": transcoder.codec = audio.bitDepth == 24 ? .wav24 : .wav16
        default: return
        }
        if let channels = audio.channels { transcoder.channels = Int32(min(2, max(1, channels))) }
        if audio.codec == "AC3" { transcoder.channels = audio.codingMode == "CODING_MODE_1_0" ? 1 : 2 }
        transcoder.format = output.key.hasSuffix(".mp4") ? "mp4" : nil
        if audio.bitrate == nil, audio.codec != "WAV" { transcoder.bitrate = audio.codec == "AC3" ? 192_000 : 160_000 }
    }
}
