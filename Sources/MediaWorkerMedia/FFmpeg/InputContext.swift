internal import CFFmpeg
import Foundation

/// Owns an opened `AVFormatContext` for reading, with stream information found, the
/// safety limits checked and an interrupt callback for the deadline and cancellation.
final class InputContext {
    let pointer: UnsafeMutablePointer<AVFormatContext>
    let name: String
    let interrupt: InterruptState
    private let io: CustomIOContext?

    /// Opens `source`, reads its header and stream information, and checks `limits`.
    static func open(_ source: MediaSource, limits: MediaLimits, cancellation: MediaCancellation? = nil) throws -> InputContext {
        let input = try InputContext(source, limits: limits, cancellation: cancellation)
        try input.findStreamInfo()
        try input.checkLimits(limits)
        return input
    }

    private init(_ source: MediaSource, limits: MediaLimits, cancellation: MediaCancellation?) throws {
        name = source.name
        let size: Int64
        var url = ""
        switch source {
        case .file(let path):
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
                throw MediaError(.io, "\(path) does not exist or cannot be read", path: path)
            }
            if attributes[.type] as? FileAttributeType == .typeDirectory {
                throw MediaError(.io, "\(path) is a directory, not a media file", path: path)
            }
            size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
            url = "file:" + path
        case .reader(let reader):
            size = reader.size
        }
        if size == 0 {
            throw MediaError(.emptyInput, "\(name) is empty (0 bytes); upload the complete file again", path: name)
        }
        if size > limits.maxFileBytes {
            throw MediaError(
                .limitExceeded,
                "\(name) is \(size) bytes, over the \(limits.maxFileBytes)-byte limit (limits.max_file_bytes)", path: name)
        }
        interrupt = InterruptState(limits: limits, cancellation: cancellation)
        guard let context = avformat_alloc_context() else { throw ffAllocationFailed("avformat_alloc_context") }
        context.pointee.interrupt_callback = interrupt.callback
        if case .reader(let reader) = source {
            let custom: CustomIOContext
            do {
                custom = try CustomIOContext(reader: reader)
            } catch {
                avformat_free_context(context)
                throw error
            }
            context.pointee.pb = custom.pointer
            context.pointee.flags |= AVFMT_FLAG_CUSTOM_IO
            io = custom
        } else {
            io = nil
        }
        var opened: UnsafeMutablePointer<AVFormatContext>? = context
        let result = avformat_open_input(&opened, url, nil, nil)
        guard result >= 0, let opened else {
            // avformat_open_input frees the context on failure.
            throw Self.openError(result, name: name, interrupt: interrupt, io: io)
        }
        pointer = opened
        if let format = String(ffmpeg: opened.pointee.iformat?.pointee.name), Self.textFormats.contains(format) {
            throw MediaError(.notMedia, "\(name) is text, not a media file (FFmpeg reads it only as '\(format)')", path: name)
        }
    }

    deinit {
        var context: UnsafeMutablePointer<AVFormatContext>? = pointer
        avformat_close_input(&context)
    }

    /// Demuxers that accept arbitrary text and would make a text file look like video.
    private static let textFormats: Set<String> = ["tty", "bin", "idf", "adp"]

    private func findStreamInfo() throws {
        let result = avformat_find_stream_info(pointer, nil)
        if result < 0 {
            try interrupt.check(name)
            throw MediaError(.notMedia, "\(name) could not be read as media: its streams cannot be decoded", path: name,
                cause: FFmpegError(function: "avformat_find_stream_info", cause: result))
        }
        if pointer.pointee.nb_streams == 0 {
            throw MediaError(.notMedia, "\(name) has no audio, video or subtitle streams", path: name)
        }
    }

    private func checkLimits(_ limits: MediaLimits) throws {
        if let duration = durationSeconds, duration > limits.maxDurationSeconds {
            throw MediaError(
                .limitExceeded,
                "\(name) lasts \(Int(duration)) s, over the \(Int(limits.maxDurationSeconds)) s limit (limits.max_duration_seconds)",
                path: name)
        }
        for stream in streams where stream.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO {
            let parameters = stream.pointee.codecpar.pointee
            let pixels = Int(parameters.width) * Int(parameters.height)
            if pixels > limits.maxPixels {
                throw MediaError(
                    .limitExceeded,
                    "\(name) has \(parameters.width)×\(parameters.height) video, over the \(limits.maxPixels)-pixel limit (limits.max_pixels)",
                    path: name)
            }
        }
    }

    private static func openError(_ result: Int32, name: String, interrupt: InterruptState, io: CustomIOContext?) -> any Error {
        if interrupt.shouldStop {
            do { try interrupt.check(name) } catch { return error }
        }
        let cause = FFmpegError(function: "avformat_open_input", cause: result)
        if let readerError = io?.readerError {
            return MediaError(.io, "reading \(name) failed: \(readerError)", path: name, cause: cause)
        }
        if result == mw_averror(2) {
            return MediaError(.io, "\(name) does not exist", path: name, cause: cause)
        }
        if result == mw_averror(13) {
            return MediaError(.io, "\(name) cannot be read: permission denied", path: name, cause: cause)
        }
        return MediaError(
            .notMedia,
            "\(name) is not a media file FFmpeg recognizes, or its header is damaged or truncated (an MP4 cut before its moov box); upload the complete file again",
            path: name, cause: cause)
    }

    // MARK: Streams

    var streams: [UnsafeMutablePointer<AVStream>] {
        (0..<Int(pointer.pointee.nb_streams)).compactMap { pointer.pointee.streams[$0] }
    }

    func stream(_ index: Int) -> UnsafeMutablePointer<AVStream> { pointer.pointee.streams[index]! }

    /// The stream FFmpeg would choose for `type`, skipping cover art.
    func bestStream(_ type: AVMediaType) -> Int? {
        let index = av_find_best_stream(pointer, type, -1, -1, nil, 0)
        guard index >= 0 else { return nil }
        if type == AVMEDIA_TYPE_VIDEO, stream(Int(index)).pointee.disposition & mw_disposition_attached_pic() != 0 { return nil }
        return Int(index)
    }

    /// The stream of audio track `track` (1 = the file's first audio stream, in file order, as
    /// MediaConvert counts an audio selector's `Tracks`); `nil`: libavformat's best audio stream.
    /// Nil when the file has no audio; an error naming the tracks there are when it has fewer.
    func audioStream(track: Int?) throws(MediaError) -> Int? {
        guard let track else { return bestStream(AVMEDIA_TYPE_AUDIO) }
        let audio = (0..<Int(pointer.pointee.nb_streams)).filter { stream($0).pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_AUDIO }
        guard !audio.isEmpty else { return nil }
        guard track >= 1, track <= audio.count else {
            throw MediaError(
                .unsupportedContent,
                "the template's audio selector asks for audio track \(track), and \(name) has \(audio.count) audio track\(audio.count == 1 ? "" : "s"): set its Tracks to a number from 1 to \(audio.count)",
                path: name)
        }
        return audio[track - 1]
    }

    var durationSeconds: Double? {
        let duration = pointer.pointee.duration
        guard duration != mw_av_nopts_value(), duration > 0 else { return nil }
        return Double(duration) / Double(mw_av_time_base())
    }

    var startSeconds: Double {
        let start = pointer.pointee.start_time
        guard start != mw_av_nopts_value() else { return 0 }
        return Double(start) / Double(mw_av_time_base())
    }

    var formatName: String { String(ffmpeg: pointer.pointee.iformat?.pointee.name) ?? "unknown" }

    /// Reads the next packet into `packet`; `false` at the end of the input.
    func read(into packet: Packet) throws -> Bool {
        let result = av_read_frame(pointer, packet.pointer)
        if result == mw_averror_eof() { return false }
        if result < 0 {
            try interrupt.check(name)
            if let readerError = io?.readerError {
                throw MediaError(.io, "reading \(name) failed: \(readerError)", path: name)
            }
            throw MediaError(.decodeFailed, "reading \(name) failed part-way; the file may be truncated or damaged", path: name,
                cause: FFmpegError(function: "av_read_frame", cause: result))
        }
        return true
    }

    /// Seeks `streamIndex` to the keyframe at or before `timestamp` (in the stream's time base).
    func seek(stream streamIndex: Int, to timestamp: Int64) throws {
        try ffCheck(av_seek_frame(pointer, Int32(streamIndex), timestamp, mw_avseek_flag_backward()), "av_seek_frame")
    }
}
