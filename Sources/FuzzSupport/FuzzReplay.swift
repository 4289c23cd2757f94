import Foundation

/// The fuzz targets' entry point outside libFuzzer: runs the harness over every file (or
/// every file in every folder) named on the command line, so `make test` replays the
/// committed corpora as regression cases. Built with `make fuzz` (`-DFUZZING`), libFuzzer's
/// own `main` drives the harness instead.
public enum FuzzReplay {
    public static func run(_ harness: ([UInt8]) -> Void) {
        var count = 0
        for argument in CommandLine.arguments.dropFirst() {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) else {
                FileHandle.standardError.write(Data("no such file or folder: \(argument)\n".utf8))
                exit(2)
            }
            let files = isFolder.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).sorted().map { (argument as NSString).appendingPathComponent($0) }
                : [argument]
            for file in files {
                harness([UInt8](FileManager.default.contents(atPath: file) ?? Data()))
                count += 1
            }
        }
        print("replayed \(count) inputs")
    }

    /// Calls `harness` with libFuzzer's input.
    public static func input(_ data: UnsafePointer<UInt8>?, _ size: Int, _ harness: ([UInt8]) -> Void) -> CInt {
        harness(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
}
