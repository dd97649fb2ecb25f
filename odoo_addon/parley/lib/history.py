"""Conversation messages in the Anthropic Messages format: validation of what the bridge sends at
``turn.end``, the history sent back to the bridge, and the panel's view of it (docs/wire.md §4–5).

No odoo import. Everything here handles untrusted input: the bridge relays model output.
"""
import json

TOOL_PREFIX = 'mcp__odoo__'
MAX_TURN_MESSAGES = 200
MAX_BLOCKS_PER_MESSAGE = 200
MAX_TEXT_CHARS = 100_000
MAX_ID_CHARS = 128
MAX_TURN_BYTES = 1024 * 1024
HISTORY_MAX_MESSAGES = 200
HISTORY_MAX_BYTES = 512 * 1024
ROLES = ('user', 'assistant')


def _text(value, limit=MAX_TEXT_CHARS):
    if not isinstance(value, str):
        raise ValueError('text must be a string')
    return value if len(value) <= limit else value[:limit] + '…'


def _ident(value, what):
    if not isinstance(value, str) or not 0 < len(value) <= MAX_ID_CHARS:
        raise ValueError(f'{what} must be a non-empty string of at most {MAX_ID_CHARS} characters')
    return value


def _clean_block(block, role):
    """A block as we store it, or None for kinds we do not keep (e.g. thinking)."""
    if not isinstance(block, dict):
        raise ValueError('a content block must be an object')
    kind = block.get('type')
    if kind == 'text':
        return {'type': 'text', 'text': _text(block.get('text'))}
    if kind == 'tool_use' and role == 'assistant':
        if not isinstance(block.get('input'), dict):
            raise ValueError('tool_use.input must be an object')
        return {'type': 'tool_use', 'id': _ident(block.get('id'), 'tool_use.id'),
                'name': _ident(block.get('name'), 'tool_use.name'), 'input': block['input']}
    if kind == 'tool_result' and role == 'user':
        content = block.get('content', '')
        if isinstance(content, list):
            content = [{'type': 'text', 'text': _text(part.get('text'))}
                       for part in content if isinstance(part, dict) and part.get('type') == 'text']
        else:
            content = _text(content)
        return {'type': 'tool_result', 'tool_use_id': _ident(block.get('tool_use_id'), 'tool_use_id'),
                'content': content, 'is_error': bool(block.get('is_error', False))}
    if kind in ('text', 'tool_use', 'tool_result'):
        raise ValueError(f'a {role} message cannot carry a {kind} block')
    return None


def validate_turn_messages(messages):
    """Return the messages of a ``turn.end`` event, cleaned, or raise ValueError."""
    if not isinstance(messages, list):
        raise ValueError('messages must be a list')
    if len(messages) > MAX_TURN_MESSAGES:
        raise ValueError(f'a turn may produce at most {MAX_TURN_MESSAGES} messages')
    cleaned = []
    for message in messages:
        if not isinstance(message, dict) or message.get('role') not in ROLES:
            raise ValueError('each message must be an object with role user or assistant')
        content = message.get('content')
        if isinstance(content, str):
            content = [{'type': 'text', 'text': content}]
        if not isinstance(content, list) or len(content) > MAX_BLOCKS_PER_MESSAGE:
            raise ValueError(f'content must be a list of at most {MAX_BLOCKS_PER_MESSAGE} blocks')
        blocks = [b for b in (_clean_block(block, message['role']) for block in content) if b]
        if blocks:
            cleaned.append({'role': message['role'], 'content': blocks})
    if len(json.dumps(cleaned).encode('utf-8')) > MAX_TURN_BYTES:
        raise ValueError('the messages of one turn may not exceed 1 MiB')
    return cleaned


def display_text(content):
    return '\n\n'.join(block['text'] for block in content if block.get('type') == 'text').strip()


def is_tool_result_message(message):
    content = message.get('content') or []
    return message.get('role') == 'user' and any(b.get('type') == 'tool_result' for b in content)


def _pair_tools(messages):
    """Drop tool_use blocks without a result in the next message and results without a call.

    A cancelled or failed turn can end between the two; the Messages API refuses such history.
    """
    result = []
    for index, message in enumerate(messages):
        content = message['content']
        if message['role'] == 'assistant':
            nxt = messages[index + 1] if index + 1 < len(messages) else None
            answered = {b['tool_use_id'] for b in nxt['content'] if b['type'] == 'tool_result'} \
                if nxt and nxt['role'] == 'user' else set()
            content = [b for b in content if b['type'] != 'tool_use' or b['id'] in answered]
        else:
            prev = result[-1] if result else None
            asked = {b['id'] for b in prev['content'] if b['type'] == 'tool_use'} \
                if prev and prev['role'] == 'assistant' else set()
            content = [b for b in content if b['type'] != 'tool_result' or b['tool_use_id'] in asked]
        if content:
            result.append({'role': message['role'], 'content': content})
    return result


def _merge_roles(messages):
    merged = []
    for message in messages:
        if merged and merged[-1]['role'] == message['role']:
            merged[-1] = {'role': message['role'], 'content': merged[-1]['content'] + message['content']}
        else:
            merged.append(message)
    return merged


def history_for_bridge(messages, max_messages=HISTORY_MAX_MESSAGES, max_bytes=HISTORY_MAX_BYTES):
    """Stored messages (oldest first) → a valid Messages API conversation within the caps.

    The oldest messages are dropped first; the result starts with a plain user message, roles
    alternate, and every tool_use has its tool_result right after it.
    """
    messages = _merge_roles(_pair_tools(messages))
    sizes = [len(json.dumps(m, ensure_ascii=False).encode('utf-8')) for m in messages]
    start, total = len(messages), 0
    while start > 0 and len(messages) - start < max_messages and total + sizes[start - 1] <= max_bytes:
        start -= 1
        total += sizes[start]
    kept = messages[start:]
    while kept and (kept[0]['role'] != 'user' or is_tool_result_message(kept[0])):
        kept = kept[1:]
    return _merge_roles(_pair_tools(kept))


def _bare_tool_name(name):
    return name[len(TOOL_PREFIX):] if name.startswith(TOOL_PREFIX) else name


def fold_for_panel(rows, turns):
    """Stored rows → the panel's ``Message`` list (docs/wire.md §5).

    ``rows``: dicts with id, role, turn_id, content (blocks), text, is_tool_result, oldest first.
    ``turns``: {turn_id: {"state", "error" ({code,message} or None), "tools" ({call_id: tool.end info})}}.
    Tool results are folded into the assistant message whose tool_use they answer; the turn's
    error is carried by the last message of that turn.
    """
    results = {}
    for row in rows:
        if row['is_tool_result']:
            for block in row['content']:
                if block.get('type') == 'tool_result':
                    results[block['tool_use_id']] = not block.get('is_error')
    folded = []
    for row in rows:
        if row['is_tool_result']:
            continue
        turn = turns.get(row['turn_id']) or {}
        tool_calls = []
        for block in row['content']:
            if block.get('type') != 'tool_use':
                continue
            info = (turn.get('tools') or {}).get(block['id']) or {}
            tool_calls.append({
                'call_id': block['id'], 'tool': _bare_tool_name(block['name']), 'args': block['input'],
                'args_summary': info.get('args_summary'),
                'ok': results.get(block['id'], info.get('ok')), 'summary': info.get('summary'),
                'duration_ms': info.get('duration_ms'), 'error': info.get('error'),
            })
        folded.append({'id': row['id'], 'role': row['role'], 'turn_id': row['turn_id'],
                       'text': row['text'] or '', 'tool_calls': tool_calls,
                       'turn_state': turn.get('state'), 'error': None})
    last_of_turn = {}
    for message in folded:
        last_of_turn[message['turn_id']] = message
    for turn_id, message in last_of_turn.items():
        if turn_id:
            message['error'] = (turns.get(turn_id) or {}).get('error')
    return folded
