#pragma once
// keras.layers, pooling family: Max/AveragePooling1D/3D, GlobalAverage/GlobalMaxPooling1D/2D/3D.
