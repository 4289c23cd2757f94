/// What one rendition will be: its rung, the size the scaler produces (before rotation),
/// the final upright size, and where it scales from.
public struct RenditionPlan: Sendable, Equatable {
    public var rendition: Rendition
    /// Scaler output, in the source's coded orientation.
    public var scaledWidth: Int
    public var scaledHeight: Int
    /// The file's picture size, upright.
    public var width: Int
    public var height: Int
    /// The index of the plan this one scales from, or `nil` for the source.
    public var scalesFrom: Int?
    /// The libavfilter chain from the source's coded pictures to the file's (an exact frame, or
    /// 10-bit output); `nil` for a rung scaled by libswscale (and rotated) in the source's shape.
    public var filter: String? = nil

    /// Plans the ladder for a source: rungs above the source's shorter side are skipped (never
    /// upscale); a source smaller than every rung gets the smallest rung at its own size.
    public static func plan(_ renditions: [Rendition], geometry: DisplayGeometry, cascadeAreaRatio: Double = 3) -> [RenditionPlan] {
        let display = geometry.displaySize
        let shortSide = min(display.width, display.height)
        let sorted = renditions.sorted { $0.shortSide > $1.shortSide }
        var chosen = sorted.filter { $0.shortSide <= shortSide }
        if chosen.isEmpty, let smallest = sorted.last { chosen = [smallest] }
        var plans: [RenditionPlan] = []
        for rendition in chosen {
            if let framed = framedPlan(rendition, geometry: geometry) {
                plans.append(framed)
                continue
            }
            let scaled = geometry.scaledSize(shortSide: rendition.shortSide)
            let upright = geometry.isSideways ? (scaled.height, scaled.width) : (scaled.width, scaled.height)
            var plan = RenditionPlan(
                rendition: rendition, scaledWidth: scaled.width, scaledHeight: scaled.height,
                width: upright.0, height: upright.1, scalesFrom: nil)
            let sourceArea = Double(geometry.codedWidth * geometry.codedHeight)
            // Scale from the largest rung instead of the source when the source is much bigger
            // than that rung (a 4K source's 720p, 480p and 360p come from its 1080p pictures).
            // Only at the same frame rate: a child gets its parent's pictures, slot for slot.
            if let first = plans.first, first.filter == nil, first.scaledWidth > scaled.width, first.rendition.frameRate == rendition.frameRate,
                sourceArea > cascadeAreaRatio * Double(first.scaledWidth * first.scaledHeight)
            {
                plan.scalesFrom = 0
            }
            plans.append(plan)
        }
        return plans
    }

    /// A rendition through a filter graph: its exact frame, a 10-bit rung (swscale's path
    /// and the rotation are 8-bit) or one with burn-ins or images, stretched to the rung's
    /// upright size. On the scaled picture: the output's images, the captions, the timecode.
    static func framedPlan(_ rendition: Rendition, geometry: DisplayGeometry) -> RenditionPlan? {
        guard rendition.frame != nil || rendition.encoding.isTenBit || rendition.burnin != nil || !rendition.inputImages.isEmpty
            || !rendition.outputImages.isEmpty || rendition.captions != nil || rendition.noiseReduction != nil || rendition.colorCorrection != nil
        else { return nil }
        let frame = rendition.frame ?? {
            let scaled = geometry.scaledSize(shortSide: rendition.shortSide)
            let upright = geometry.isSideways ? (scaled.height, scaled.width) : (scaled.width, scaled.height)
            return OutputFrame(width: upright.0, height: upright.1, scaling: .stretch)
        }()
        let size = frame.fileSize(for: geometry)
        // On the upright source: the colour corrector, the input's images, then the noise reducer.
        let source = (rendition.colorCorrection == nil ? [] : [colorPlaceholder]) + (rendition.inputImages.isEmpty ? [] : [inputImagesPlaceholder])
            + [rendition.noiseReduction?.filter].compactMap { $0 }
        let chain = frame.filterDescription(
            for: geometry, pixelFormat: rendition.encoding.pixelFormatName, sourceFilter: source.isEmpty ? nil : source.joined(separator: ","))
        var picture: [String] = []
        if !rendition.outputImages.isEmpty { picture.append(outputImagesPlaceholder) }
        if rendition.captions != nil { picture.append(captionsPlaceholder) }
        if let burnin = rendition.burnin { picture.append(burnin.filter(rate: ratePlaceholder)) }
        return RenditionPlan(
            rendition: rendition, scaledWidth: size.width, scaledHeight: size.height, width: size.width, height: size.height, scalesFrom: nil,
            filter: insert(picture, into: chain))
    }

    /// The frame rate placeholder of a burn-in's drawtext, replaced by the rendition's thread.
    static let ratePlaceholder = "MW_OUTPUT_RATE"
    /// Where the input's and the output's images go, filled by the rendition's thread (their
    /// times count output pictures).
    static let inputImagesPlaceholder = "MW_INPUT_IMAGES"
    static let outputImagesPlaceholder = "MW_OUTPUT_IMAGES"
    /// Where the colour corrector goes, filled with the source's colour description.
    static let colorPlaceholder = "MW_COLOR"
    /// Where the burned-in captions go, filled with the clip's offset (cues are on the input's timeline).
    static let captionsPlaceholder = "MW_CAPTIONS"

    /// Filters on the scaled picture, before the chain's final format conversion.
    static func insert(_ filters: [String], into chain: String) -> String {
        guard !filters.isEmpty else { return chain }
        return chain.replacingOccurrences(of: ",setsar=1,format=", with: "," + filters.joined(separator: ",") + ",setsar=1,format=")
    }

    /// The plan's filter for pictures at `rate` (frames per second as a fraction), whose
    /// timestamps in 1/90000 count output slots; `inputOffset`: the seconds of the input
    /// before the output's first picture (an `InputClippings` start), by which the captions'
    /// clock is ahead; `color`: the source's colour description (for the colour corrector).
    func resolvedFilter(rate: (num: Int32, den: Int32), inputOffset: Double = 0, color: ColorTags? = nil) throws(MediaError) -> String? {
        guard var filter else { return nil }
        if let correction = rendition.colorCorrection {
            let chain = correction.filter(source: color?.names ?? (nil, nil, nil))
            // Nothing to change: the placeholder and its comma go.
            filter = chain.map { filter.replacingOccurrences(of: Self.colorPlaceholder, with: $0) }
                ?? filter.replacingOccurrences(of: Self.colorPlaceholder + ",", with: "").replacingOccurrences(of: Self.colorPlaceholder, with: "null")
        }
        filter = filter.replacingOccurrences(of: Self.ratePlaceholder, with: "\(rate.num)/\(rate.den)")
        if let burnin = rendition.burnin, burnin.countsDropFrame(rate: rate) {
            filter = filter.replacingOccurrences(of: burnin.timecodeOption(dropFrame: false), with: burnin.timecodeOption(dropFrame: true))
        }
        if !rendition.inputImages.isEmpty {
            filter = filter.replacingOccurrences(of: Self.inputImagesPlaceholder, with: try ImageOverlay.chain(rendition.inputImages, rate: rate, label: "mwin"))
        }
        if !rendition.outputImages.isEmpty {
            filter = filter.replacingOccurrences(of: Self.outputImagesPlaceholder, with: try ImageOverlay.chain(rendition.outputImages, rate: rate, label: "mwout"))
        }
        if let captions = rendition.captions {
            let shifted = inputOffset > 0 ? "setpts=PTS+\(inputOffset)/TB,\(captions.filter),setpts=PTS-\(inputOffset)/TB" : captions.filter
            filter = filter.replacingOccurrences(of: Self.captionsPlaceholder, with: shifted)
        }
        return filter
    }
}
