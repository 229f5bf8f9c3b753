#pragma once
// keras.layers, core family: Embedding, Masking, Identity.
