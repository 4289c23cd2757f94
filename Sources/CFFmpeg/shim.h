#ifndef MEDIA_WORKER_CFFMPEG_SHIM_H
#define MEDIA_WORKER_CFFMPEG_SHIM_H
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/avutil.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/display.h>
#include <libavutil/channel_layout.h>
#include <libswscale/swscale.h>
#include <libswresample/swresample.h>

/* Function-like macros and constants Swift does not import. */
static inline int mw_averror(int posix_errno) { return AVERROR(posix_errno); }
static inline int mw_averror_eof(void) { return AVERROR_EOF; }
static inline int mw_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline int mw_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int64_t mw_av_nopts_value(void) { return AV_NOPTS_VALUE; }
static inline AVRational mw_av_time_base_q(void) { return AV_TIME_BASE_Q; }
static inline int mw_av_time_base(void) { return AV_TIME_BASE; }

/* av_err2str is a macro over a compound literal; this fills a caller buffer instead. */
static inline void mw_av_strerror(int errnum, char *buffer, size_t size) {
    if (av_strerror(errnum, buffer, size) < 0) {
        snprintf(buffer, size, "unknown FFmpeg error %d", errnum);
    }
}

#endif
