# The agent tools: one tool per module, run as the acting user by the /parley/tool/<name> endpoint.
from ._base import error_of
from ._common import Tool, ToolError
from ._masking import mask_result
from . import (aggregate_records, create_record, delete_records, describe_model, list_models,
               post_message, read_records, run_action, search_records, sql_select, update_records)

TOOLS = {tool.name: tool for tool in (
    list_models.TOOL,
    describe_model.TOOL,
    search_records.TOOL,
    read_records.TOOL,
    aggregate_records.TOOL,
    sql_select.TOOL,
    create_record.TOOL,
    update_records.TOOL,
    run_action.TOOL,
    post_message.TOOL,
    delete_records.TOOL,
)}

__all__ = ["TOOLS", "Tool", "ToolError", "error_of", "mask_result"]
