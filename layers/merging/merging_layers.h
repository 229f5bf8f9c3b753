#pragma once
// keras.layers, merging family: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot.
