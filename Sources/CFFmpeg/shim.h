#ifndef MEDIA_WORKER_CFFMPEG_SHIM_H
#define MEDIA_WORKER_CFFMPEG_SHIM_H
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/avutil.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/display.h>
#include <libavutil/channel_layout.h>
#include <libswscale/swscale.h>
#include <libswresample/swresample.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/pixdesc.h>
#include <libavutil/log.h>

/* Function-like macros and constants Swift does not import. */
static inline int mw_averror(int posix_errno) { return AVERROR(posix_errno); }
static inline int mw_averror_eof(void) { return AVERROR_EOF; }
static inline int mw_averror_invaliddata(void) { return AVERROR_INVALIDDATA; }
static inline int mw_averror_eagain(void) { return AVERROR(EAGAIN); }
static inline int64_t mw_av_nopts_value(void) { return AV_NOPTS_VALUE; }
static inline uint32_t mw_fourcc_hvc1(void) { return MKTAG('h', 'v', 'c', '1'); }
static inline AVRational mw_av_time_base_q(void) { return AV_TIME_BASE_Q; }
static inline int mw_av_time_base(void) { return AV_TIME_BASE; }

/* av_err2str is a macro over a compound literal; this fills a caller buffer instead. */
static inline void mw_av_strerror(int errnum, char *buffer, size_t size) {
    if (av_strerror(errnum, buffer, size) < 0) {
        snprintf(buffer, size, "unknown FFmpeg error %d", errnum);
    }
}

/* Constants that are macros. */
static inline int mw_av_log_quiet(void) { return AV_LOG_QUIET; }
static inline int mw_av_log_error(void) { return AV_LOG_ERROR; }
static inline int mw_av_log_warning(void) { return AV_LOG_WARNING; }
static inline int mw_av_log_info(void) { return AV_LOG_INFO; }
static inline int mw_codec_flag_global_header(void) { return AV_CODEC_FLAG_GLOBAL_HEADER; }
static inline int mw_codec_flag_qscale(void) { return AV_CODEC_FLAG_QSCALE; }
static inline int mw_ff_qp2lambda(void) { return FF_QP2LAMBDA; }
static inline int mw_avfmt_globalheader(void) { return AVFMT_GLOBALHEADER; }
static inline int mw_avfmt_nofile(void) { return AVFMT_NOFILE; }
static inline int mw_avio_flag_write(void) { return AVIO_FLAG_WRITE; }
static inline int mw_avseek_size(void) { return AVSEEK_SIZE; }
static inline int mw_avseek_flag_backward(void) { return AVSEEK_FLAG_BACKWARD; }
static inline int mw_avseek_force(void) { return AVSEEK_FORCE; }
static inline int mw_sws_bicubic(void) { return SWS_BICUBIC; }
static inline int mw_sws_bilinear(void) { return SWS_BILINEAR; }
static inline int mw_sws_area(void) { return SWS_AREA; }
static inline int mw_sws_accurate_rnd(void) { return SWS_ACCURATE_RND; }
static inline int mw_sws_full_chr_h_int(void) { return SWS_FULL_CHR_H_INT; }
static inline int mw_sws_cs_default(void) { return SWS_CS_DEFAULT; }
static inline int mw_ff_thread_frame(void) { return FF_THREAD_FRAME; }
static inline int mw_ff_thread_slice(void) { return FF_THREAD_SLICE; }
static inline int mw_pix_fmt_flag_rgb(void) { return AV_PIX_FMT_FLAG_RGB; }
static inline int mw_pix_fmt_flag_hwaccel(void) { return AV_PIX_FMT_FLAG_HWACCEL; }
static inline int mw_disposition_attached_pic(void) { return AV_DISPOSITION_ATTACHED_PIC; }
static inline int mw_disposition_default(void) { return AV_DISPOSITION_DEFAULT; }
static inline int mw_av_buffersrc_flag_keep_ref(void) { return AV_BUFFERSRC_FLAG_KEEP_REF; }
static inline int mw_av_buffersrc_flag_push(void) { return AV_BUFFERSRC_FLAG_PUSH; }
static inline int mw_avfilter_thread_slice(void) { return AVFILTER_THREAD_SLICE; }

/* libavfilter: the graph's thread count is a field; setting it here keeps Swift off the struct layout. */
static inline void mw_avfilter_graph_set_threads(AVFilterGraph *graph, int threads) { graph->nb_threads = threads; }

/* AVFrame.data / linesize are fixed arrays Swift imports as tuples. */
static inline uint8_t *mw_frame_plane(const AVFrame *frame, int plane) { return frame->data[plane]; }
static inline int mw_frame_linesize(const AVFrame *frame, int plane) { return frame->linesize[plane]; }

/* The color conversion tables for a range, as sws_setColorspaceDetails wants them. */
static inline int mw_sws_set_ranges(struct SwsContext *context, int colorspace, int src_full_range, int dst_full_range) {
    const int *table = sws_getCoefficients(colorspace);
    return sws_setColorspaceDetails(context, table, src_full_range, table, dst_full_range, 0, 1 << 16, 1 << 16);
}

/* A display matrix's rotation, or NAN without one. */
static inline double mw_stream_display_rotation(const AVStream *stream) {
    size_t size = 0;
    const uint8_t *matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (!matrix || size < 9 * sizeof(int32_t)) return NAN;
    return av_display_rotation_get((const int32_t *)matrix);
}

/* Sets a display matrix on an output stream: rotation in degrees counter-clockwise. */
static inline int mw_stream_set_display_rotation(AVStream *stream, double degrees) {
    int32_t *matrix = (int32_t *)av_stream_new_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, 9 * sizeof(int32_t));
    if (!matrix) return AVERROR(ENOMEM);
    av_display_rotation_set(matrix, degrees);
    return 0;
}

#endif
