using System.Buffers.Binary;
using System.Text;

namespace CiieBlazor.Load;

/// <summary>
/// One <c>JS.RenderBatch</c> as the server wrote it (RenderBatchWriter): updated components with their 16-byte edits,
/// 20-byte reference frames, disposed component and event-handler ids, and a string table; five int32 offsets at the end.
/// Strings are decoded only when asked for.
/// </summary>
public sealed class RenderBatch
{
    private readonly byte[] _data;
    private readonly int _frames;
    private readonly int _strings;
    private readonly int _stringCount;
    private readonly string?[] _decoded;

    public RenderBatch(byte[] data)
    {
        _data = data;
        if (data.Length < 20) throw new FormatException($"render batch of {data.Length} bytes");
        var end = data.Length - 20;
        UpdatedComponentsAt = Int(end);
        _frames = Int(end + 4);
        DisposedComponentsAt = Int(end + 8);
        DisposedHandlersAt = Int(end + 12);
        _strings = Int(end + 16);
        _stringCount = (end - _strings) / 4;
        _decoded = new string?[_stringCount];
        FrameCount = Int(_frames);
    }

    private int UpdatedComponentsAt { get; }
    private int DisposedComponentsAt { get; }
    private int DisposedHandlersAt { get; }
    public int FrameCount { get; }

    public int Int(int at) => BinaryPrimitives.ReadInt32LittleEndian(_data.AsSpan(at));

    /// <summary>The updated components: (component id, offset of its first edit, edit count).</summary>
    public IEnumerable<(int ComponentId, int EditsAt, int EditCount)> Diffs()
    {
        var count = Int(UpdatedComponentsAt);
        for (var i = 0; i < count; i++)
        {
            var at = Int(UpdatedComponentsAt + 4 + 4 * i);
            yield return (Int(at), at + 8, Int(at + 4));
        }
    }

    public Edit EditAt(int editsAt, int index)
    {
        var at = editsAt + 16 * index;
        return new Edit((EditType)Int(at), Int(at + 4), Int(at + 8), Int(at + 12));
    }

    public Frame FrameAt(int index)
    {
        var at = _frames + 4 + 20 * index;
        return new Frame((FrameType)Int(at), Int(at + 4), Int(at + 8), BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan(at + 12)));
    }

    public IEnumerable<int> DisposedComponents()
    {
        var count = Int(DisposedComponentsAt);
        for (var i = 0; i < count; i++) yield return Int(DisposedComponentsAt + 4 + 4 * i);
    }

    public int DisposedHandlerCount => Int(DisposedHandlersAt);

    public string? String(int index)
    {
        if (index < 0) return null;
        if (index >= _stringCount) throw new FormatException($"string {index} of {_stringCount}");
        if (_decoded[index] is { } s) return s;
        var at = Int(_strings + 4 * index);
        // BinaryWriter.Write(string): 7-bit encoded length, then UTF-8.
        int length = 0, shift = 0;
        byte b;
        do
        {
            b = _data[at++];
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return _decoded[index] = Encoding.UTF8.GetString(_data, at, length);
    }
}

public enum EditType { PrependFrame = 1, RemoveFrame = 2, SetAttribute = 3, RemoveAttribute = 4, UpdateText = 5, StepIn = 6, StepOut = 7, UpdateMarkup = 8, PermutationListEntry = 9, PermutationListEnd = 10 }

public enum FrameType { Element = 1, Text = 2, Attribute = 3, Component = 4, Region = 5, ElementReferenceCapture = 6, ComponentReferenceCapture = 7, Markup = 8, ComponentRenderMode = 9, NamedEvent = 10 }

/// <param name="Index">For SetAttribute, PrependFrame: the reference frame; for PermutationListEntry: the sibling to move to; for RemoveAttribute the name's string.</param>
public readonly record struct Edit(EditType Type, int SiblingIndex, int Index, int RemovedAttributeName);

/// <summary>A frame's four fields as written: for Element (subtree length, name), Attribute (name, value, event handler id), Component (subtree length, component id), Region (subtree length).</summary>
public readonly record struct Frame(FrameType Type, int A, int B, ulong HandlerId)
{
    public int SubtreeLength => A;
    public int Descendants => Type is FrameType.Element or FrameType.Component or FrameType.Region ? A - 1 : 0;
}

/// <summary>A node of the page as the browser would hold it, reduced to what the driver needs.</summary>
public abstract class Node
{
    public ContainerNode? Parent { get; set; }
    public bool Detached { get; private set; }

    public virtual void Detach() => Detached = true;
}

public class ContainerNode : Node
{
    public List<Node> Children { get; } = [];

    public override void Detach()
    {
        base.Detach();
        foreach (var child in Children) child.Detach();
    }
}

/// <summary>An element: the attributes the driver looks for and its event handlers (event name without "on" → id, rendering component).</summary>
public sealed class ElementNode(string name) : ContainerNode
{
    public string Name { get; } = name;
    public Dictionary<string, string?> Attributes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, (ulong Id, int ComponentId)> Handlers { get; } = new(StringComparer.Ordinal);
}

/// <summary>Where a component's output goes (its logical children, as blazor.web.js keeps them).</summary>
public sealed class ComponentNode(int componentId) : ContainerNode
{
    public int ComponentId { get; } = componentId;
}

public sealed class LeafNode : Node;

/// <summary>
/// The page's logical DOM kept from the render batches, applying edits as blazor.web.js's BrowserRenderer does
/// (regions flattened, a child component one logical child, component parameters skipped), so that the current event
/// handler id of an input is known when the driver types into it. Only the attributes named in
/// <see cref="KeptAttributes"/> keep their values.
/// </summary>
public sealed class RenderTree
{
    private static readonly HashSet<string> KeptAttributes = ["data-testid", "data-state", "id"];
    private readonly Dictionary<int, ComponentNode> _components = [];

    public int Components => _components.Count;

    public void Attach(int componentId) => _components[componentId] = new ComponentNode(componentId);

    public void Apply(RenderBatch batch)
    {
        foreach (var (componentId, editsAt, count) in batch.Diffs())
        {
            if (!_components.TryGetValue(componentId, out var component))
            {
                throw new FormatException($"a diff for component {componentId}, which was never inserted");
            }
            ApplyEdits(batch, componentId, component, editsAt, count);
        }
        foreach (var id in batch.DisposedComponents())
        {
            if (_components.Remove(id, out var gone)) gone.Detach();
        }
    }

    private void ApplyEdits(RenderBatch batch, int componentId, ComponentNode component, int editsAt, int count)
    {
        ContainerNode parent = component;
        List<(int From, int To)>? permutation = null;
        for (var i = 0; i < count; i++)
        {
            var edit = batch.EditAt(editsAt, i);
            switch (edit.Type)
            {
                case EditType.PrependFrame:
                    InsertFrame(batch, componentId, parent, edit.SiblingIndex, edit.Index);
                    break;
                case EditType.RemoveFrame:
                    {
                        var removed = parent.Children[edit.SiblingIndex];
                        parent.Children.RemoveAt(edit.SiblingIndex);
                        removed.Detach();
                        break;
                    }
                case EditType.SetAttribute:
                    ApplyAttribute(batch, componentId, ElementAt(parent, edit.SiblingIndex), batch.FrameAt(edit.Index));
                    break;
                case EditType.RemoveAttribute:
                    {
                        var element = ElementAt(parent, edit.SiblingIndex);
                        var name = batch.String(edit.RemovedAttributeName) ?? "";
                        element.Attributes.Remove(name);
                        if (name.StartsWith("on", StringComparison.Ordinal)) element.Handlers.Remove(name[2..]);
                        break;
                    }
                case EditType.UpdateText:
                case EditType.UpdateMarkup:
                    break;
                case EditType.StepIn:
                    parent = (ContainerNode)parent.Children[edit.SiblingIndex];
                    break;
                case EditType.StepOut:
                    parent = parent.Parent ?? throw new FormatException("step out of a component's root");
                    break;
                case EditType.PermutationListEntry:
                    (permutation ??= []).Add((edit.SiblingIndex, edit.Index));
                    break;
                case EditType.PermutationListEnd:
                    {
                        var before = parent.Children.ToArray();
                        foreach (var (from, to) in permutation ?? []) parent.Children[to] = before[from];
                        permutation = null;
                        break;
                    }
                default:
                    throw new FormatException($"edit type {(int)edit.Type}");
            }
        }
    }

    private static ElementNode ElementAt(ContainerNode parent, int index) =>
        parent.Children[index] as ElementNode ?? throw new FormatException($"edit for child {index}, which is not an element");

    /// <summary>Inserts one frame (and its subtree) as logical children at <paramref name="index"/>; returns how many.</summary>
    private int InsertFrame(RenderBatch batch, int componentId, ContainerNode parent, int index, int frameIndex)
    {
        var frame = batch.FrameAt(frameIndex);
        switch (frame.Type)
        {
            case FrameType.Element:
                {
                    var element = new ElementNode(batch.String(frame.B) ?? "") { Parent = parent };
                    parent.Children.Insert(index, element);
                    var end = frameIndex + frame.SubtreeLength;
                    for (var d = frameIndex + 1; d < end; d++)
                    {
                        var child = batch.FrameAt(d);
                        if (child.Type == FrameType.Attribute)
                        {
                            ApplyAttribute(batch, componentId, element, child);
                            continue;
                        }
                        // The first non-attribute frame starts the children.
                        InsertRange(batch, componentId, element, 0, d, end);
                        break;
                    }
                    return 1;
                }
            case FrameType.Component:
                {
                    var id = frame.B;
                    var node = new ComponentNode(id) { Parent = parent };
                    _components[id] = node;
                    parent.Children.Insert(index, node);
                    return 1;
                }
            case FrameType.Region:
                return InsertRange(batch, componentId, parent, index, frameIndex + 1, frameIndex + frame.SubtreeLength);
            case FrameType.Text:
            case FrameType.Markup:
                parent.Children.Insert(index, new LeafNode { Parent = parent });
                return 1;
            case FrameType.Attribute:
                throw new FormatException("an attribute frame outside an element");
            default:
                return 0;
        }
    }

    private int InsertRange(RenderBatch batch, int componentId, ContainerNode parent, int index, int start, int end)
    {
        var first = index;
        for (var i = start; i < end; i++)
        {
            var frame = batch.FrameAt(i);
            index += InsertFrame(batch, componentId, parent, index, i);
            i += frame.Descendants;
        }
        return index - first;
    }

    private static void ApplyAttribute(RenderBatch batch, int componentId, ElementNode element, Frame frame)
    {
        var name = batch.String(frame.A) ?? "";
        if (frame.HandlerId != 0)
        {
            element.Handlers[name.StartsWith("on", StringComparison.Ordinal) ? name[2..] : name] = (frame.HandlerId, componentId);
        }
        else if (KeptAttributes.Contains(name))
        {
            element.Attributes[name] = batch.String(frame.B);
        }
    }

    /// <summary>The first attached element with this <c>data-testid</c> (and element name, if given), depth first.</summary>
    public ElementNode? Find(string testId, string? elementName = null)
    {
        foreach (var component in _components.Values)
        {
            if (component.Parent is not null) continue; // roots only; children are reached through them
            var found = Find(component, testId, elementName);
            if (found is not null) return found;
        }
        return null;
    }

    private static ElementNode? Find(ContainerNode node, string testId, string? elementName)
    {
        foreach (var child in node.Children)
        {
            if (child is ElementNode e && (elementName is null || e.Name == elementName)
                && e.Attributes.TryGetValue("data-testid", out var t) && t == testId)
            {
                return e;
            }
            if (child is ComponentNode c && c.Children.Count == 0) continue;
            if (child is ContainerNode container && Find(container, testId, elementName) is { } deeper) return deeper;
        }
        return null;
    }
}
