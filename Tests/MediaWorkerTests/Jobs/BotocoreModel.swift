import Foundation
import MediaWorkerJSON
import MediaWorkerJobs
import Testing

/// Validates CreateJob requests with botocore's MediaConvert model (Tests/Helpers/mediaconvert_validate.py):
/// the errors of each request, in order.
enum BotocoreModel {
    static func errors(_ requests: [JSONValue]) async throws -> [[String]] {
        let entries = requests.map { request in
            #"{"sdk":\#(JSONWriter.write(request)),"wire":\#(JSONWriter.write(.string(JSONWriter.write(MediaConvertWire.body(from: request)))))}"#
        }
        let input = Data(("[" + entries.joined(separator: ",") + "]").utf8)
        let result = try await ProcessRunner.run(try TestTools.python(), [TestTools.helper("mediaconvert_validate.py")], input: input)
        try #require(result.status == 0, "\(result.stderr)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: [String]]])
        try #require(results.count == requests.count)
        return results.map { $0["errors"] ?? ["no answer"] }
    }
}
