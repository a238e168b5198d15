/*
 * Lucent's decode entry point into OpenJPEG (openjp2), compiled to WebAssembly by build.sh.
 *
 * One call decodes a raw JPEG 2000 codestream (J2K, not a JP2 file: the engine unwraps JP2
 * itself) at a resolution reduction and layer count, and leaves the samples interleaved in one
 * malloc'd buffer: 1 byte a sample for precision <= 8, else 2 (int16 when the codestream says
 * signed, uint16 otherwise), clamped to that range, little-endian. The layout is the one the
 * @cornerstonejs/codec-openjpeg J2KDecoder produces, so both feed the same engine code.
 *
 * Errors: a non-zero return, and OpenJPEG's last error message in lj_error_message().
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "openjpeg.h"

#define EXPORT __attribute__((used, visibility("default")))

typedef struct {
  const uint8_t *data;
  OPJ_SIZE_T length;
  OPJ_SIZE_T offset;
} memory_stream;

static OPJ_SIZE_T stream_read(void *buffer, OPJ_SIZE_T count, void *user) {
  memory_stream *s = (memory_stream *)user;
  OPJ_SIZE_T left = s->length - s->offset;
  if (left == 0) return (OPJ_SIZE_T)-1;
  if (count > left) count = left;
  memcpy(buffer, s->data + s->offset, count);
  s->offset += count;
  return count;
}

static OPJ_OFF_T stream_skip(OPJ_OFF_T count, void *user) {
  memory_stream *s = (memory_stream *)user;
  if (count < 0) {
    if ((OPJ_SIZE_T)(-count) > s->offset) count = -(OPJ_OFF_T)s->offset;
  } else if ((OPJ_SIZE_T)count > s->length - s->offset) {
    count = (OPJ_OFF_T)(s->length - s->offset);
  }
  s->offset += count;
  return count;
}

static OPJ_BOOL stream_seek(OPJ_OFF_T position, void *user) {
  memory_stream *s = (memory_stream *)user;
  if (position < 0 || (OPJ_SIZE_T)position > s->length) return OPJ_FALSE;
  s->offset = (OPJ_SIZE_T)position;
  return OPJ_TRUE;
}

static char error_message[256];

static void on_error(const char *message, void *user) {
  (void)user;
  size_t length = strlen(message);
  if (length >= sizeof error_message) length = sizeof error_message - 1;
  memcpy(error_message, message, length);
  while (length > 0 && (error_message[length - 1] == '\n' || error_message[length - 1] == ' ')) length--;
  error_message[length] = '\0';
}

static void on_message(const char *message, void *user) {
  (void)message;
  (void)user;
}

/* The decoded image, valid until the next lj_decode or lj_release. */
static struct {
  uint8_t *data;
  uint32_t length;
  uint32_t width;
  uint32_t height;
  uint32_t components;
  uint32_t bytes_per_sample;
  uint32_t precision;
  uint32_t is_signed;
} result;

EXPORT void *lj_malloc(size_t size) { return malloc(size); }
EXPORT void lj_free(void *pointer) { free(pointer); }
EXPORT const char *lj_error_message(void) { return error_message; }
EXPORT uint8_t *lj_data(void) { return result.data; }
EXPORT uint32_t lj_length(void) { return result.length; }
EXPORT uint32_t lj_width(void) { return result.width; }
EXPORT uint32_t lj_height(void) { return result.height; }
EXPORT uint32_t lj_components(void) { return result.components; }
EXPORT uint32_t lj_bytes_per_sample(void) { return result.bytes_per_sample; }
EXPORT uint32_t lj_precision(void) { return result.precision; }
EXPORT uint32_t lj_is_signed(void) { return result.is_signed; }

EXPORT void lj_release(void) {
  free(result.data);
  memset(&result, 0, sizeof result);
}

enum {
  LJ_OK = 0,
  LJ_SETUP_FAILED = 1,
  LJ_HEADER_FAILED = 2,
  LJ_DECODE_FAILED = 3,
  LJ_UNSUPPORTED = 4,
  LJ_OUT_OF_MEMORY = 5,
};

static void fail_with(const char *message) { on_error(message, NULL); }

/* Interleave the components, clamped to the output sample type. */
static int store(const opj_image_t *image) {
  const uint32_t components = image->numcomps;
  const uint32_t width = image->comps[0].w;
  const uint32_t height = image->comps[0].h;
  uint32_t precision = 0;
  for (uint32_t c = 0; c < components; c++) {
    const opj_image_comp_t *comp = &image->comps[c];
    if (comp->w != width || comp->h != height || comp->data == NULL) {
      fail_with("components of different sizes");
      return LJ_UNSUPPORTED;
    }
    if (comp->prec > precision) precision = comp->prec;
  }
  if (precision == 0 || precision > 16) {
    fail_with("unsupported sample precision");
    return LJ_UNSUPPORTED;
  }
  const uint32_t bytes = precision > 8 ? 2 : 1;
  const int is_signed = image->comps[0].sgnd != 0;
  const size_t pixels = (size_t)width * height;
  const size_t length = pixels * components * bytes;
  if (length > UINT32_MAX) {
    fail_with("image too large");
    return LJ_UNSUPPORTED;
  }
  uint8_t *out = (uint8_t *)malloc(length == 0 ? 1 : length);
  if (out == NULL) {
    fail_with("out of memory for the decoded image");
    return LJ_OUT_OF_MEMORY;
  }
  for (uint32_t c = 0; c < components; c++) {
    const OPJ_INT32 *in = image->comps[c].data;
    if (bytes == 1) {
      uint8_t *o = out + c;
      for (size_t i = 0; i < pixels; i++) {
        const OPJ_INT32 v = in[i];
        o[i * components] = (uint8_t)(v < 0 ? 0 : v > UCHAR_MAX ? UCHAR_MAX : v);
      }
    } else if (is_signed) {
      int16_t *o = (int16_t *)out + c;
      for (size_t i = 0; i < pixels; i++) {
        const OPJ_INT32 v = in[i];
        o[i * components] = (int16_t)(v < SHRT_MIN ? SHRT_MIN : v > SHRT_MAX ? SHRT_MAX : v);
      }
    } else {
      uint16_t *o = (uint16_t *)out + c;
      for (size_t i = 0; i < pixels; i++) {
        const OPJ_INT32 v = in[i];
        o[i * components] = (uint16_t)(v < 0 ? 0 : v > USHRT_MAX ? USHRT_MAX : v);
      }
    }
  }
  result.data = out;
  result.length = (uint32_t)length;
  result.width = width;
  result.height = height;
  result.components = components;
  result.bytes_per_sample = bytes;
  result.precision = precision;
  result.is_signed = (uint32_t)is_signed;
  return LJ_OK;
}

/*
 * Decode `length` bytes of codestream at `data`, skipping `reduce` resolution levels and
 * decoding `layers` quality layers (0: all). Single-threaded.
 */
EXPORT int lj_decode(const uint8_t *data, size_t length, uint32_t reduce, uint32_t layers) {
  lj_release();
  error_message[0] = '\0';
  memory_stream source = {data, length, 0};
  opj_codec_t *codec = opj_create_decompress(OPJ_CODEC_J2K);
  opj_stream_t *stream = opj_stream_create(OPJ_J2K_STREAM_CHUNK_SIZE, OPJ_TRUE);
  opj_image_t *image = NULL;
  int status = LJ_OK;
  if (codec == NULL || stream == NULL) {
    fail_with("out of memory for the decoder");
    status = LJ_OUT_OF_MEMORY;
    goto done;
  }
  opj_stream_set_user_data(stream, &source, NULL);
  opj_stream_set_user_data_length(stream, length);
  opj_stream_set_read_function(stream, stream_read);
  opj_stream_set_skip_function(stream, stream_skip);
  opj_stream_set_seek_function(stream, stream_seek);
  opj_set_error_handler(codec, on_error, NULL);
  opj_set_warning_handler(codec, on_message, NULL);
  opj_set_info_handler(codec, on_message, NULL);

  opj_dparameters_t parameters;
  opj_set_default_decoder_parameters(&parameters);
  parameters.cp_reduce = reduce;
  parameters.cp_layer = layers;
  if (!opj_setup_decoder(codec, &parameters)) {
    status = LJ_SETUP_FAILED;
    goto done;
  }
  if (!opj_read_header(stream, codec, &image)) {
    status = LJ_HEADER_FAILED;
    goto done;
  }
  if (!opj_decode(codec, stream, image)) {
    status = LJ_DECODE_FAILED;
    goto done;
  }
  status = store(image);
done:
  if (status != LJ_OK && error_message[0] == '\0') fail_with("decoding failed");
  if (image != NULL) opj_image_destroy(image);
  if (stream != NULL) opj_stream_destroy(stream);
  if (codec != NULL) opj_destroy_codec(codec);
  return status;
}
