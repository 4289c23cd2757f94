import Foundation

/// Face detection on a thread of its own, beside the decoding one: the analysis hands each
/// grey picture over (at most `capacity` waiting, so a slow detector holds the decoder back
/// rather than filling memory) and collects the faces per picture once decoding ends. The
/// thread ends when ``finish()`` has drained the queue, or when the owner goes away first
/// (a failed or cancelled analysis).
final class FaceDetectionThread: @unchecked Sendable {
    private struct Picture: Sendable {
        let index: Int
        let pixels: [UInt8]
        let width: Int
        let height: Int
    }

    /// What the thread found, by picture index.
    private final class Found: @unchecked Sendable {
        let lock = NSLock()
        var faces: [Int: [[Double]]] = [:]
    }

    private let queue: WorkQueue<Picture>
    private let found = Found()
    private let finished = DispatchSemaphore(value: 0)

    init(detector: FaceDetector, capacity: Int = 4) {
        let (queue, found, finished) = (WorkQueue<Picture>(capacity: capacity), found, finished)
        self.queue = queue
        // The thread holds the queue and the results, not this object, so that dropping it cancels.
        let thread = Thread {
            var cache: [Int: CompiledCascade] = [:]
            while let picture = queue.pop() {
                let (width, height) = (Double(picture.width), Double(picture.height))
                let faces = detector.detect(picture.pixels, width: picture.width, height: picture.height, cache: &cache).map { face in
                    [(Double(face.x) + Double(face.width) / 2) / width, (Double(face.y) + Double(face.height) / 2) / height,
                     Double(face.width) / width, Double(face.height) / height]
                }
                found.lock.withLock { found.faces[picture.index] = faces }
            }
            finished.signal()
        }
        thread.name = "media-worker.faces"
        thread.stackSize = 4 << 20
        thread.start()
    }

    deinit { queue.cancel() }

    /// Hands over picture `index` (row-major grey); waits while `capacity` pictures are waiting.
    func submit(_ pixels: [UInt8], width: Int, height: Int, index: Int) {
        queue.push(Picture(index: index, pixels: pixels, width: width, height: height))
    }

    /// Waits until every picture handed over is searched; the faces by picture index, each as
    /// `MeasuredFrame.faces` stores them (centre x, centre y, width, height in fractions).
    func finish() -> [Int: [[Double]]] {
        queue.close()
        finished.wait()
        return found.lock.withLock { found.faces }
    }
}
