"""Request dependencies of the channel layer, named as the back office's are (`backend.deps`)."""

from typing import Annotated

from fastapi import Depends, Request

from bot.gateway import Gateway
from bot.runtime import ChannelRuntime
from bot.webchat.rate_limits import WebchatLimits


async def get_runtime(request: Request) -> ChannelRuntime:
    return request.app.state.channel_runtime


async def get_gateway(request: Request) -> Gateway:
    return request.app.state.channel_runtime.gateway


async def get_webchat_limits(request: Request) -> WebchatLimits:
    return request.app.state.webchat_limits


RuntimeDep = Annotated[ChannelRuntime, Depends(get_runtime)]
GatewayDep = Annotated[Gateway, Depends(get_gateway)]
WebchatLimitsDep = Annotated[WebchatLimits, Depends(get_webchat_limits)]
