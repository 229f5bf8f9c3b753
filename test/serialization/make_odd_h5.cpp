// Writes HDF5 files that libkeras' own writer never produces, for test_hdf5_file.cpp: the tests
// link no HDF5, so they run this helper (built with it) and skip when it is not built.
//   make_odd_h5 <path> multi_dtype   dataset "d" (float32 2x2) whose `dtype` attribute holds two
//                                     strings "bfloat16" (H5Aread writes both)
//   make_odd_h5 <path> null_space    dataset "d" with a null dataspace (h5py's Empty)
//   make_odd_h5 <path> huge_chunked  dataset "d", chunked, 2^40 x 2^40 elements, never written

#include <hdf5.h>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_odd_h5 <path> multi_dtype|null_space|huge_chunked\n");
    return 2;
  }
  const std::string kind = argv[2];
  hid_t file = H5Fcreate(argv[1], H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (file < 0) return 1;
  bool ok = true;
  if (kind == "multi_dtype") {
    hsize_t dims[2] = {2, 2};
    hid_t space = H5Screate_simple(2, dims, nullptr);
    hid_t dset = H5Dcreate2(file, "d", H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const float values[4] = {1, 2, 3, 4};
    ok = H5Dwrite(dset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) >= 0;
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    hsize_t n = 2;
    hid_t aspace = H5Screate_simple(1, &n, nullptr);
    hid_t attr = H5Acreate2(dset, "dtype", type, aspace, H5P_DEFAULT, H5P_DEFAULT);
    const char* strings[2] = {"bfloat16", "bfloat16"};
    ok = ok && H5Awrite(attr, type, strings) >= 0;
    H5Aclose(attr);
    H5Sclose(aspace);
    H5Tclose(type);
    H5Dclose(dset);
    H5Sclose(space);
  } else if (kind == "null_space") {
    hid_t space = H5Screate(H5S_NULL);
    hid_t dset = H5Dcreate2(file, "d", H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ok = dset >= 0;
    H5Dclose(dset);
    H5Sclose(space);
  } else if (kind == "huge_chunked") {
    hsize_t dims[2] = {hsize_t{1} << 40, hsize_t{1} << 40};
    hsize_t chunk[2] = {1, 1};
    hid_t space = H5Screate_simple(2, dims, nullptr);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 2, chunk);
    hid_t dset = H5Dcreate2(file, "d", H5T_IEEE_F32LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    ok = dset >= 0;
    H5Dclose(dset);
    H5Pclose(dcpl);
    H5Sclose(space);
  } else {
    ok = false;
  }
  H5Fclose(file);
  return ok ? 0 : 1;
}
