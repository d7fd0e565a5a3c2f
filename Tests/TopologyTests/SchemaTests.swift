import Foundation
import Testing
import Topology
import XMPPCore

/// `Topologies/schema.json` (for editors) must describe the keys the
/// loader accepts: checked section by section so the two cannot drift.
@Suite struct SchemaTests {
    let schema: [String: Any]

    init() throws {
        let url = TestSupport.repositoryRoot.appendingPathComponent("Topologies/schema.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        schema = try #require(object as? [String: Any])
    }

    /// The schema object at a `#/$defs/…` reference, or `node` itself; for
    /// a `oneOf` of a scalar and an object (`true` or `{…}`), the object.
    private func resolve(_ node: Any?) -> [String: Any]? {
        guard let object = node as? [String: Any] else { return nil }
        if let ref = object["$ref"] as? String {
            let name = ref.replacingOccurrences(of: "#/$defs/", with: "")
            return resolve((schema["$defs"] as? [String: Any])?[name])
        }
        if object["properties"] == nil, object["items"] == nil, let options = object["oneOf"] as? [Any] {
            return options.compactMap { resolve($0) }.first { $0["properties"] != nil } ?? object
        }
        return object
    }

    /// The property names of the object schema at `path` (keys under
    /// `properties`; "[]" steps into a list's items).
    private func keys(_ path: String...) -> Set<String>? {
        var node: [String: Any]? = schema
        for step in path {
            node = step == "[]" ? resolve(node?["items"]) : resolve((node?["properties"] as? [String: Any])?[step])
        }
        return (node?["properties"] as? [String: Any]).map { Set($0.keys) }
    }

    @Test func isDraft2020_12() {
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    }

    @Test func topLevelPropertiesAreTheAcceptedKeys() {
        #expect(keys() == Set(TopologyKeys.topLevel))
        #expect(Set(schema["required"] as? [String] ?? []) == ["name", "seed", "servers"])
    }

    @Test func sectionPropertiesAreTheAcceptedKeys() {
        #expect(keys("defaults") == Set(TopologyKeys.serverSettings))
        #expect(keys("defaults", "s2s") == Set(TopologyKeys.s2s))
        #expect(keys("defaults", "limits") == Set(TopologyKeys.limits))
        #expect(keys("defaults", "stream_management") == Set(TopologyKeys.streamManagement))
        #expect(keys("servers", "[]", "stream_management") == Set(TopologyKeys.streamManagement))
        #expect(keys("servers", "[]") == Set(TopologyKeys.server))
        #expect(keys("servers", "[]", "accounts", "[]") == Set(TopologyKeys.account))
        #expect(keys("external", "[]") == Set(TopologyKeys.external))
        #expect(keys("dns") == Set(TopologyKeys.dns))
        #expect(keys("dns", "records", "[]") == Set(TopologyKeys.dnsRecord))
        #expect(keys("dns", "records", "[]", "srv", "[]") == Set(TopologyKeys.srv))
        #expect(keys("dns", "overrides", "[]") == Set(TopologyKeys.dnsOverride))
        #expect(keys("dns", "failures", "[]") == Set(TopologyKeys.dnsFailure))
        #expect(keys("links", "[]") == Set(TopologyKeys.link))
        #expect(keys("clients", "[]") == Set(TopologyKeys.client))
        #expect(keys("clients", "[]", "reconnect") == Set(TopologyKeys.reconnect))
        #expect(keys("scenario") == Set(TopologyKeys.scenario))
        #expect(keys("scenario", "steps", "[]") == Set(TopologyKeys.step))
        #expect(keys("scenario", "steps", "[]", "send") == Set(TopologyKeys.send))
        #expect(keys("scenario", "steps", "[]", "presence") == Set(TopologyKeys.sendPresence))
        #expect(keys("scenario", "steps", "[]", "subscribe") == Set(TopologyKeys.subscribe))
        #expect(keys("scenario", "steps", "[]", "cut_link") == Set(TopologyKeys.cutLink))
        #expect(keys("scenario", "steps", "[]", "heal_link") == Set(TopologyKeys.healLink))
        #expect(keys("scenario", "steps", "[]", "degrade_link") == Set(TopologyKeys.degradeLink))
        #expect(keys("scenario", "steps", "[]", "break_dns") == Set(TopologyKeys.breakDNS))
        #expect(keys("scenario", "steps", "[]", "wait") == Set(TopologyKeys.wait))
        #expect(keys("scenario", "steps", "[]", "chaos") == Set(TopologyKeys.chaos))
        #expect(keys("scenario", "steps", "[]", "wait", "presence") == Set(TopologyKeys.waitPresence))
        #expect(keys("scenario", "expect", "[]") == Set(TopologyKeys.expectations))
        #expect(keys("scenario", "expect", "[]", "delivered") == Set(TopologyKeys.expectDelivered))
        #expect(keys("scenario", "expect", "[]", "presence") == Set(TopologyKeys.expectPresence))
        #expect(keys("scenario", "expect", "[]", "error") == Set(TopologyKeys.expectError))
        #expect(keys("scenario", "expect", "[]", "connections") == Set(TopologyKeys.expectConnections))
        #expect(keys("scenario", "expect", "[]", "no_stanza_lost") == Set(TopologyKeys.expectNoStanzaLost))
        #expect(keys("scenario", "expect", "[]", "no_stanza_lost", "flows", "[]") == Set(TopologyKeys.flow))
    }

    /// Every object with named properties forbids others and describes each one.
    @Test func everyObjectIsClosedAndDescribed() {
        var objects: [[String: Any]] = []
        func collect(_ node: Any) {
            if let object = node as? [String: Any] {
                if object["properties"] != nil { objects.append(object) }
                object.values.forEach(collect)
            } else if let array = node as? [Any] {
                array.forEach(collect)
            }
        }
        collect(schema)
        #expect(objects.count > 20)
        for object in objects {
            #expect(object["additionalProperties"] as? Bool == false)
            for (key, property) in object["properties"] as? [String: Any] ?? [:] {
                let described = (property as? [String: Any])?["description"] != nil
                    || (resolve(property)?["description"] != nil)
                #expect(described, "property '\(key)' has no description")
            }
        }
    }

    @Test func errorConditionsAreXMPPCoresStanzaErrorConditions() {
        let expectation = resolve((schema["$defs"] as? [String: Any])?["expectation"])
        let error = resolve((expectation?["properties"] as? [String: Any])?["error"])
        let condition = (error?["properties"] as? [String: Any])?["condition"] as? [String: Any]
        #expect(Set(condition?["enum"] as? [String] ?? []) == Set(StanzaErrorCondition.allCases.map(\.rawValue)))
    }
}
