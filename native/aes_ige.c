/*
 * AES-256-IGE with the CPU's AES instructions (AES-NI), for node through N-API.
 *
 * Why native: IGE is a chain (each block's AES input needs the previous
 * block's output), so OpenSSL's AES-NI can only be reached from node one
 * 16-byte call at a time, and WebAssembly has no AES instructions. Here the
 * chain runs at the latency of 14 AESENC/AESDEC a block. Without AES-NI (or
 * off x86) `aesni` is false and layer uses its WebAssembly kernel.
 *
 *   encrypt: c_i = E(m_i ^ c_{i-1}) ^ m_{i-1}    c_{-1} = iv[0:16], m_{-1} = iv[16:32]
 *   decrypt: m_i = D(c_i ^ m_{i-1}) ^ c_{i-1}
 *
 * ige(decrypt, data, key, iv, out): whole 16-byte blocks of `data` into `out`
 * (the same length; may be `data` itself). JavaScript checks the arguments
 * (protocol/crypto/ige.ts); they are checked again here so that no call can
 * touch memory outside them.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define HAVE_X86 1
#include <immintrin.h>

#define AESNI __attribute__((target("aes,sse2")))

AESNI static inline __m128i shift_xor(__m128i a) {
  a = _mm_xor_si128(a, _mm_slli_si128(a, 4));
  a = _mm_xor_si128(a, _mm_slli_si128(a, 4));
  return _mm_xor_si128(a, _mm_slli_si128(a, 4));
}

/* FIPS 197 key expansion for 256-bit keys: 15 round keys. */
#define EVEN(i, rcon)                                                                           \
  rk[i] = _mm_xor_si128(shift_xor(rk[i - 2]), _mm_shuffle_epi32(_mm_aeskeygenassist_si128(rk[i - 1], rcon), 0xff))
#define ODD(i) rk[i] = _mm_xor_si128(shift_xor(rk[i - 2]), _mm_shuffle_epi32(_mm_aeskeygenassist_si128(rk[i - 1], 0), 0xaa))

AESNI static void expand_key(const uint8_t *key, __m128i rk[15]) {
  rk[0] = _mm_loadu_si128((const __m128i *)key);
  rk[1] = _mm_loadu_si128((const __m128i *)(key + 16));
  EVEN(2, 0x01); ODD(3);
  EVEN(4, 0x02); ODD(5);
  EVEN(6, 0x04); ODD(7);
  EVEN(8, 0x08); ODD(9);
  EVEN(10, 0x10); ODD(11);
  EVEN(12, 0x20); ODD(13);
  EVEN(14, 0x40);
}

AESNI static void ige_encrypt(const uint8_t *in, uint8_t *out, size_t n, const uint8_t *key, const uint8_t *iv) {
  __m128i k[15];
  expand_key(key, k);
  __m128i c_prev = _mm_loadu_si128((const __m128i *)iv);
  __m128i m_prev = _mm_loadu_si128((const __m128i *)(iv + 16));
  for (size_t at = 0; at < n; at += 16) {
    __m128i m = _mm_loadu_si128((const __m128i *)(in + at));
    __m128i x = _mm_xor_si128(_mm_xor_si128(m, c_prev), k[0]);
    for (int r = 1; r < 14; r++) x = _mm_aesenc_si128(x, k[r]);
    x = _mm_xor_si128(_mm_aesenclast_si128(x, k[14]), m_prev);
    _mm_storeu_si128((__m128i *)(out + at), x);
    c_prev = x;
    m_prev = m;
  }
}

AESNI static void ige_decrypt(const uint8_t *in, uint8_t *out, size_t n, const uint8_t *key, const uint8_t *iv) {
  __m128i e[15], k[15];
  expand_key(key, e);
  /* The equivalent inverse cipher: round keys reversed, the inner ones through InvMixColumns. */
  k[0] = e[14];
  for (int r = 1; r < 14; r++) k[r] = _mm_aesimc_si128(e[14 - r]);
  k[14] = e[0];
  __m128i c_prev = _mm_loadu_si128((const __m128i *)iv);
  __m128i m_prev = _mm_loadu_si128((const __m128i *)(iv + 16));
  for (size_t at = 0; at < n; at += 16) {
    __m128i c = _mm_loadu_si128((const __m128i *)(in + at));
    __m128i x = _mm_xor_si128(_mm_xor_si128(c, m_prev), k[0]);
    for (int r = 1; r < 14; r++) x = _mm_aesdec_si128(x, k[r]);
    x = _mm_xor_si128(_mm_aesdeclast_si128(x, k[14]), c_prev);
    _mm_storeu_si128((__m128i *)(out + at), x);
    c_prev = c;
    m_prev = x;
  }
}
#endif

static int aesni_available(void) {
#ifdef HAVE_X86
  __builtin_cpu_init();
  return __builtin_cpu_supports("aes") && __builtin_cpu_supports("sse2");
#else
  return 0;
#endif
}

static napi_value fail(napi_env env, const char *message) {
  napi_throw_type_error(env, "ERR_LAYER_NATIVE_ARGS", message);
  return NULL;
}

/* The bytes of a Uint8Array argument. */
static int bytes_of(napi_env env, napi_value value, uint8_t **data, size_t *length) {
  bool is_typed;
  napi_typedarray_type type;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return 0;
  if (napi_get_typedarray_info(env, value, &type, length, (void **)data, NULL, NULL) != napi_ok) return 0;
  return type == napi_uint8_array;
}

static napi_value ige(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 5) return fail(env, "ige(decrypt, data, key, iv, out): 5 arguments");
  bool decrypt;
  if (napi_get_value_bool(env, argv[0], &decrypt) != napi_ok) return fail(env, "ige: decrypt must be a boolean");
  uint8_t *data, *key, *iv, *out;
  size_t n, key_n, iv_n, out_n;
  if (!bytes_of(env, argv[1], &data, &n) || !bytes_of(env, argv[2], &key, &key_n) || !bytes_of(env, argv[3], &iv, &iv_n) || !bytes_of(env, argv[4], &out, &out_n)) {
    return fail(env, "ige: data, key, iv and out must be Uint8Arrays");
  }
  if (key_n != 32 || iv_n != 32 || n % 16 != 0 || out_n != n) return fail(env, "ige: key and iv of 32 bytes, data whole 16-byte blocks, out as long as data");
#ifdef HAVE_X86
  if (!aesni_available()) return fail(env, "ige: this CPU has no AES instructions");
  if (n > 0) {
    if (decrypt) ige_decrypt(data, out, n, key, iv);
    else ige_encrypt(data, out, n, key, iv);
  }
  return NULL;
#else
  return fail(env, "ige: built without AES instructions");
#endif
}

NAPI_MODULE_INIT() {
  napi_value fn, available;
  napi_create_function(env, "ige", NAPI_AUTO_LENGTH, ige, NULL, &fn);
  napi_set_named_property(env, exports, "ige", fn);
  napi_get_boolean(env, aesni_available(), &available);
  napi_set_named_property(env, exports, "aesni", available);
  return exports;
}
