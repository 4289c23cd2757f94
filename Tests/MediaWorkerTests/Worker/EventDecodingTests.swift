import Foundation
import MediaWorkerService
import Testing

/// Every notification body in Fixtures/events (captured from moto 5.2.1 and LocalStack
/// 2026.3.0, and MinIO's documented formats), plus SNS and EventBridge wrappings.
@Suite("Event decoding")
struct EventDecodingTests {
    static let eventsFolder = Fixtures.url("events")

    static func body(_ name: String) throws -> String {
        try String(contentsOf: eventsFolder.appendingPathComponent(name), encoding: .utf8)
    }

    static func uploads(_ body: String) throws -> [UploadEvent] {
        guard case .uploads(let events) = try EventDecoder.decode(body) else { throw TestTools.Missing(description: "not uploads: \(body.prefix(80))") }
        return events
    }

    /// The keys the capture uploaded, in arrival order.
    static let expected: [(String, String)] = [
        ("inputs/my video.mp4", "ObjectCreated:Put"),
        ("inputs/sub dir/a+b c&d=é(1).mp4", "ObjectCreated:Put"),
        ("inputs/talk.mp4.CHUNK0", "ObjectCreated:Put"),
    ]

    @Test("moto's captures: a TestEvent, then keys decoded once (+ and %2F)")
    func moto() throws {
        #expect(try EventDecoder.decode(Self.body("moto-5.2.1-01.json")) == .test(bucket: "watch"))
        for (index, (key, name)) in Self.expected.enumerated() {
            let events = try Self.uploads(Self.body(String(format: "moto-5.2.1-%02d.json", index + 2)))
            #expect(events.map(\.key) == [key])
            #expect(events.first?.name == name)
            #expect(events.first?.bucket == "watch")
        }
        let put = try Self.uploads(Self.body("moto-5.2.1-05.json"))[0]
        let complete = try Self.uploads(Self.body("moto-5.2.1-06.json"))[0]
        #expect(put.key == "inputs/big upload.mov" && complete.key == put.key)
        #expect(complete.name == "ObjectCreated:CompleteMultipartUpload" && complete.etag == put.etag)
        #expect(put.etag == "8b0be7847da5564ae08e97af63b60885-2" && put.size == 5_242_890)
        #expect(try Self.uploads(Self.body("moto-5.2.1-07.json"))[0].name == "ObjectCreated:Copy")
        #expect(put.sequencer == nil)
    }

    @Test("LocalStack's captures: %20 for spaces, / kept")
    func localStack() throws {
        #expect(try EventDecoder.decode(Self.body("localstack-2026.3.0-01.json")) == .test(bucket: "watch"))
        for (index, (key, _)) in Self.expected.enumerated() {
            #expect(try Self.uploads(Self.body(String(format: "localstack-2026.3.0-%02d.json", index + 2))).map(\.key) == [key])
        }
        let multipart = try Self.uploads(Self.body("localstack-2026.3.0-05.json"))[0]
        #expect(multipart.key == "inputs/big upload.mov" && multipart.name == "ObjectCreated:CompleteMultipartUpload")
        #expect(multipart.sequencer == "0055AED6DCD90281E5")
        #expect(try Self.uploads(Self.body("localstack-2026.3.0-06.json"))[0].key == "inputs/copied.mp4")
    }

    @Test("MinIO: the webhook envelope and the Redis access format, s3: prefix removed")
    func minio() throws {
        let webhook = try Self.uploads(Self.body("minio-webhook-put.json"))
        #expect(webhook.map(\.key) == ["inputs/my video.mp4"])
        #expect(webhook[0].name == "ObjectCreated:Put" && webhook[0].origin == .minio && webhook[0].sequencer == "1879E0C6B8C3A5F0")
        let redis = try Self.uploads(Self.body("minio-redis-access-multipart.json"))
        #expect(redis.map(\.key) == ["inputs/course/lesson 1 (final).mov"])
        #expect(redis[0].name == "ObjectCreated:CompleteMultipartUpload" && redis[0].isObjectCreated)
    }

    @Test("SNS notifications wrapping S3 events and TestEvents; raw delivery is the plain body")
    func sns() throws {
        for name in ["moto-5.2.1-03.json", "localstack-2026.3.0-01.json"] {
            let inner = try Self.body(name)
            let envelope: [String: Any] = [
                "Type": "Notification", "MessageId": "1", "TopicArn": "arn:aws:sns:us-east-1:000000000000:uploads", "Subject": "Amazon S3 Notification",
                "Message": inner, "Timestamp": "2026-11-21T12:00:00.000Z",
            ]
            let wrapped = String(decoding: try JSONSerialization.data(withJSONObject: envelope), as: UTF8.self)
            #expect(try EventDecoder.decode(wrapped) == EventDecoder.decode(inner))
        }
        let confirmation = #"{"Type":"SubscriptionConfirmation","TopicArn":"arn:aws:sns:us-east-1:0:t","Message":"confirm","SubscribeURL":"http://x"}"#
        #expect(try EventDecoder.decode(confirmation) == .unrelated("SNS SubscriptionConfirmation message"))
    }

    @Test("EventBridge Object Created events, by reason")
    func eventBridge() throws {
        let body = """
            {"version":"0","id":"17793124-05d4-b198-2fde-7ededc63b103","detail-type":"Object Created","source":"aws.s3",
             "account":"123456789012","time":"2021-11-12T00:00:00Z","region":"ca-central-1","resources":["arn:aws:s3:::example-bucket"],
             "detail":{"version":"0","bucket":{"name":"example-bucket"},"object":{"key":"inputs/show/ep+1.mp4","size":5,
             "etag":"b1946ac92492d2347c6235b4d2611184","version-id":"IYV3p45BT0ac8hjHg1houSdS1a.Mro8e","sequencer":"00617F08299329D189"},
             "request-id":"N4N7GDK58NMKJ12R","requester":"123456789012","source-ip-address":"1.2.3.4","reason":"CompleteMultipartUpload"}}
            """
        let event = try #require(try Self.uploads(body).first)
        #expect(event.key == "inputs/show/ep 1.mp4")
        #expect(event.name == "ObjectCreated:CompleteMultipartUpload" && event.origin == .eventBridge)
        #expect(event.versionID == "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e" && event.sequencer == "00617F08299329D189")
        let other = #"{"detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","detail":{}}"#
        if case .unrelated = try EventDecoder.decode(other) {} else { Issue.record("an EC2 event is not unrelated") }
    }

    @Test("A MediaConvert job state change is recognised")
    func mediaConvert() throws {
        let body = #"{"detail-type":"MediaConvert Job State Change","source":"aws.mediaconvert","time":"2026-11-21T12:00:00Z","detail":{"jobId":"1700000000000-abc123","status":"COMPLETE","userMetadata":{"source_key":"inputs/a.mp4"}}}"#
        guard case .jobStateChange(let change) = try EventDecoder.decode(body) else {
            Issue.record("not a job state change")
            return
        }
        #expect(change.job.id == "1700000000000-abc123" && change.job.status == "COMPLETE")
    }

    @Test("Garbled messages are errors that say what is wrong", arguments: [
        ("not json at all", "not JSON"), ("{\"hello\":1}", "no Records"), ("{\"Records\":{}}", "Records is not a list"),
        ("{\"Records\":[{\"eventVersion\":\"1.0\",\"eventName\":\"x\"}]}", "eventVersion 1.0"),
        ("{\"Records\":[{\"eventVersion\":\"2.1\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{}}]}", "without s3.bucket.name"),
        ("[1,2]", "access format"), ("{\"Type\":\"Notification\",\"TopicArn\":\"t\",\"Message\":\"{{\"}", "SNS Message is not JSON"),
        ("{\"Records\":[{\"eventVersion\":\"2.1\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"%FF%FE\"}}}]}", "UTF-8"),
    ])
    func garbled(body: String, reason: String) {
        #expect(throws: EventDecodingError.self) { try EventDecoder.decode(body) }
        do {
            _ = try EventDecoder.decode(body)
        } catch {
            #expect(error.message.contains(reason), "\(error.message)")
        }
    }

    @Test("Form decoding: + is a space, then percent escapes; bad escapes are kept")
    func formDecoding() throws {
        #expect(try FormDecoding.decode("a+b%2Bc%20d") == "a b+c d")
        #expect(try FormDecoding.decode("%E2%9C%93+ok") == "✓ ok")
        #expect(try FormDecoding.decode("100%25") == "100%")
        #expect(try FormDecoding.decode("50%+off%zz") == "50% off%zz")
    }

    @Test("Sequencers compare as hexadecimal of any length; equal or missing ones say nothing")
    func sequencers() {
        let event = UploadEvent(bucket: "b", key: "k", name: "ObjectCreated:Put", sequencer: "0055AED6DCD90281E5")
        #expect(event.isNewer(thanSequencer: "0055AED6DCD90281E4") == true)
        #expect(event.isNewer(thanSequencer: "55AED6DCD90281E6") == false)
        #expect(event.isNewer(thanSequencer: "0055AED6DCD90281E5") == nil)
        #expect(event.isNewer(thanSequencer: nil) == nil)
    }
}
