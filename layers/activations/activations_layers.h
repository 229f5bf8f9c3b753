#pragma once
// keras.layers, activations family: ReLU, LeakyReLU, PReLU, ELU, Softmax.
