#ifndef MW_FFMPEG_LOADER_PRIVATE_H
#define MW_FFMPEG_LOADER_PRIVATE_H

#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/avutil.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/imgutils.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>

#include "mw_ffmpeg_loader.h"

extern const int mw_ffmpeg_symbol_count;
extern const char *const mw_ffmpeg_symbol_names[];

/// The address of function `index` of mw_ffmpeg_symbol_names, loading on first use.
void *mw_ffmpeg_symbol(int index);

#endif
