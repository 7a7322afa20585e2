// Export Objects: what the application protocols carried, as files. A
// CaptureEventSink fed by the same pipeline as every view:
//   - FILEMQ: each file a server delivered, reassembled from its CHEEZBURGER
//     chunks at their offsets (written as they pass, never held whole),
//     checked against the size its end-of-file chunk announces; a hole or a
//     missing end is reported, never a silently short file;
//   - Clone (CHP): the key-value map as the server's snapshot and updates
//     leave it at the end of the capture.
// finish() writes the files under a folder, with objects.json listing each
// one (size, SHA-256, complete or what is missing). Sans-I/O apart from
// those files; one thread.
#pragma once

#include "capturedissector.h"

#include <map>
#include <string>
#include <vector>

namespace zmqscope::capture {

struct ExportedObject {
    std::string protocol;        // "filemq", "clone"
    std::string name;            // the file's virtual path; "clone map"
    std::string path;            // where it was written, relative to the folder
    std::uint64_t size = 0;
    std::string sha256;          // hex
    bool complete = true;
    std::string problem;         // what is missing, when not complete
    std::uint32_t connection = 0;
};

class ObjectExporter : public CaptureEventSink {
public:
    // Files go under `folder` (created if needed).
    explicit ObjectExporter(std::string folder);
    ~ObjectExporter() override;
    ObjectExporter(const ObjectExporter &) = delete;
    ObjectExporter &operator=(const ObjectExporter &) = delete;

    void event(const ConnectionContext &context, const codec::Event &event) override;
    // Closes the files, writes the Clone maps and objects.json; the list.
    // False (and why) when the folder or a file cannot be written.
    bool finish(std::vector<ExportedObject> &objects, std::string *error);

private:
    struct File;
    struct CloneMap {
        std::map<std::string, std::pair<std::uint64_t, std::string>> entries;   // key -> (sequence, value)
    };
    File &file(std::uint32_t connection, const std::string &name);
    void chunk(std::uint32_t connection, const std::string &name, std::uint64_t offset, codec::Bytes bytes,
               std::uint64_t declared, bool eof);

    std::string m_folder;
    std::string m_error;
    std::map<std::pair<std::uint32_t, std::string>, std::unique_ptr<File>> m_files;
    std::map<std::uint32_t, CloneMap> m_clone;
};

}   // namespace zmqscope::capture
