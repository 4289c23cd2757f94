#ifndef MW_FFMPEG_LOADER_H
#define MW_FFMPEG_LOADER_H

/// Loads FFmpeg's libraries (dlopen) and resolves every function media-worker calls.
/// Idempotent and thread-safe; returns 0 on success, -1 with mw_ffmpeg_load_error() set.
/// The forwarders load on first use anyway; calling this first turns a missing library
/// into an error the caller can report instead of an abort.
int mw_ffmpeg_load(void);

/// Why loading failed (the library or symbol and dlerror's text), or "" when it did not.
const char *mw_ffmpeg_load_error(void);

/// 1 once the libraries are loaded (for tests: S3-only commands must not load them).
int mw_ffmpeg_loaded(void);

#endif
