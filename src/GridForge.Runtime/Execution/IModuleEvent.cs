namespace GridForge.Runtime.Execution;

/// <summary>One kind of event a module emits, as a typed record: its fields are the event's attributes, and
/// <see cref="Write"/> is the one place they become the stored attribute form (<see cref="Event.From"/>).</summary>
/// <remarks>Module and kind are implemented explicitly so that a record may have a field of the same name
/// (an order's <c>kind</c>, a runtime failure's <c>module</c>).</remarks>
public interface IModuleEvent
{
    /// <summary>The module that emits it (its name on the wire).</summary>
    string Module { get; }

    /// <summary>The event's kind on the wire.</summary>
    string Kind { get; }

    /// <summary>Writes the attributes in their canonical order (the order stored in blocks and shown by the API).</summary>
    void Write(EventWriter attributes);
}
