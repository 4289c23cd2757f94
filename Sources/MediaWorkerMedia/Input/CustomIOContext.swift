internal import CFFmpeg

/// Owns an `AVIOContext` whose reads and seeks go to a `RandomAccessReader`.
final class CustomIOContext {
    private final class State {
        let reader: any RandomAccessReader
        var position: Int64 = 0
        var error: (any Error)?
        init(reader: any RandomAccessReader) { self.reader = reader }
    }

    let pointer: UnsafeMutablePointer<AVIOContext>
    private let state: State
    private let opaque: Unmanaged<State>

    /// The last error the reader threw, for a clearer message than FFmpeg's EIO.
    var readerError: (any Error)? { state.error }

    init(reader: any RandomAccessReader, bufferSize: Int = 256 * 1024) throws {
        state = State(reader: reader)
        opaque = Unmanaged.passRetained(state)
        guard let buffer = av_malloc(bufferSize) else {
            opaque.release()
            throw ffAllocationFailed("av_malloc")
        }
        let read: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UInt8>?, Int32) -> Int32 = { opaque, buffer, size in
            guard let opaque, let buffer else { return mw_averror(22) }
            let state = Unmanaged<State>.fromOpaque(opaque).takeUnretainedValue()
            do {
                let count = try state.reader.read(at: state.position, into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(size)))
                if count == 0 { return mw_averror_eof() }
                state.position += Int64(count)
                return Int32(count)
            } catch {
                state.error = error
                return mw_averror(5 /* EIO */)
            }
        }
        let seek: @convention(c) (UnsafeMutableRawPointer?, Int64, Int32) -> Int64 = { opaque, offset, whence in
            guard let opaque else { return -1 }
            let state = Unmanaged<State>.fromOpaque(opaque).takeUnretainedValue()
            if whence & mw_avseek_size() != 0 { return state.reader.size }
            let target: Int64
            switch whence & ~mw_avseek_force() {
            case 0: target = offset  // SEEK_SET
            case 1: target = state.position + offset  // SEEK_CUR
            case 2: target = state.reader.size + offset  // SEEK_END
            default: return -1
            }
            guard target >= 0 else { return -1 }
            state.position = target
            return target
        }
        guard let context = avio_alloc_context(buffer.assumingMemoryBound(to: UInt8.self), Int32(bufferSize), 0, opaque.toOpaque(), read, nil, seek) else {
            av_free(buffer)
            opaque.release()
            throw ffAllocationFailed("avio_alloc_context")
        }
        pointer = context
    }

    deinit {
        av_free(pointer.pointee.buffer)
        var context: UnsafeMutablePointer<AVIOContext>? = pointer
        avio_context_free(&context)
        opaque.release()
    }
}
