/// Memory settings for the S3 transfer commands.
enum TransferMemory {
    /// Gives transfer buffers (256 KiB file reads, libcurl's buffers) back to the system
    /// when they are freed. glibc otherwise raises its mmap threshold after the first such
    /// free and keeps later ones in per-thread heaps: about 6 MiB more peak RSS for an
    /// upload with 4 parts in flight, for no speed gain. Not used by the worker, whose
    /// FFmpeg frame buffers are pooled.
    static func returnLargeBuffers() {
        #if os(Linux)
        _ = glibcMallopt(mmapThreshold, 128 * 1024)
        #endif
    }

    /// `M_MMAP_THRESHOLD` from glibc's <malloc.h>, which the Glibc module does not import.
    private static let mmapThreshold: Int32 = -3
}

#if os(Linux)
/// glibc's `int mallopt(int param, int value)`.
@_silgen_name("mallopt")
private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32
#endif
