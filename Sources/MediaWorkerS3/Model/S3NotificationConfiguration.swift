import MediaWorkerXML

/// A bucket's event notifications: SQS queues and SNS topics, with key filters.
public struct S3NotificationConfiguration: Sendable, Equatable {
    /// One destination.
    public struct Target: Sendable, Equatable {
        public var id: String?
        /// The queue or topic ARN.
        public var arn: String
        /// `s3:ObjectCreated:*`, ...
        public var events: [String]
        public var prefix: String?
        public var suffix: String?

        public init(id: String? = nil, arn: String, events: [String], prefix: String? = nil, suffix: String? = nil) {
            self.id = id
            self.arn = arn
            self.events = events
            self.prefix = prefix
            self.suffix = suffix
        }
    }

    public var queues: [Target]
    public var topics: [Target]

    public init(queues: [Target] = [], topics: [Target] = []) {
        self.queues = queues
        self.topics = topics
    }

    var xml: String {
        var writer = XMLWriter()
        writer.start("NotificationConfiguration", namespace: "http://s3.amazonaws.com/doc/2006-03-01/")
        for (element, arnElement, targets) in [("QueueConfiguration", "Queue", queues), ("TopicConfiguration", "Topic", topics)] {
            for target in targets {
                writer.start(element)
                if let id = target.id { writer.element("Id", id) }
                writer.element(arnElement, target.arn)
                for event in target.events { writer.element("Event", event) }
                if target.prefix != nil || target.suffix != nil {
                    writer.start("Filter")
                    writer.start("S3Key")
                    for (name, value) in [("prefix", target.prefix), ("suffix", target.suffix)] {
                        guard let value else { continue }
                        writer.start("FilterRule")
                        writer.element("Name", name)
                        writer.element("Value", value)
                        writer.end()
                    }
                    writer.end()
                    writer.end()
                }
                writer.end()
            }
        }
        writer.end()
        return writer.document
    }

    /// Parses a GetBucketNotificationConfiguration answer.
    public static func parse(_ body: [UInt8]) throws -> S3NotificationConfiguration {
        S3NotificationConfiguration(xml: try XMLTree.parse(body))
    }

    init(xml root: XMLTree) {
        func targets(_ element: String, _ arnElement: String) -> [Target] {
            root.elements(named: element).map { node in
                var target = Target(id: node.text(of: "Id"), arn: node.text(of: arnElement) ?? "", events: node.elements(named: "Event").map(\.text))
                for rule in node.element(named: "Filter")?.element(named: "S3Key")?.elements(named: "FilterRule") ?? [] {
                    switch rule.text(of: "Name")?.lowercased() {
                    case "prefix": target.prefix = rule.text(of: "Value")
                    case "suffix": target.suffix = rule.text(of: "Value")
                    default: break
                    }
                }
                return target
            }
        }
        queues = targets("QueueConfiguration", "Queue")
        topics = targets("TopicConfiguration", "Topic")
    }
}
