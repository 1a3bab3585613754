{
  "targets": [
    {
      "target_name": "layer_native",
      "sources": ["native/aes_ige.c"],
      "cflags": ["-O2"]
    }
  ]
}
