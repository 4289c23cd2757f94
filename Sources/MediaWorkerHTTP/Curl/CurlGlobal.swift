internal import CCurl

/// libcurl's process-wide initialisation, done once before any handle exists.
enum CurlGlobal {
    static let initialized: Bool = {
        mw_curl_global_init() == CURLE_OK
    }()

    static var version: String {
        guard let info = mw_curl_version_info(), let text = info.pointee.version else { return "unknown" }
        var result = "libcurl " + String(cString: text)
        if let ssl = info.pointee.ssl_version { result += " (" + String(cString: ssl) + ")" }
        return result
    }

    static func errorText(_ code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }
}
