#pragma once
// Checks on the files kfit is asked to write, made before the work that produces them.

#include <string>

namespace kfit {

/// The extension of `path`'s file name, lower-cased, without the dot ("" when it has none).
std::string extension_of(const std::string& path);

/// Throws keras::IoError naming `flag` and `path` when `path` could not be written: its folder
/// is missing (unless `creates_folders`: then its nearest existing ancestor is checked, as the
/// writer makes the rest), is not a folder, or is not writable. `kfit fit` checks its outputs
/// before training, so that a typo costs nothing instead of the whole run.
void check_output_path(const std::string& path, const std::string& flag, bool creates_folders = false);

}  // namespace kfit
