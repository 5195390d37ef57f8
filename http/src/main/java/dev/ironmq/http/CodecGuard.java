package dev.ironmq.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Answers the requests that the HTTP codec cannot parse with the same JSON {@code msg} as every
 * other refusal, then closes the connection, since nothing after a broken message can be trusted: a
 * request line or headers too long (414, 431), a malformed head or chunk (400), and an HTTP version
 * other than 1.0 and 1.1 (501).
 *
 * <p>Vert.x answers the first kinds with an empty body, the version with an empty 501, and a broken
 * chunk with no answer at all (it closes the connection before flushing what a handler wrote). It
 * offers no public hook at that depth, so this handler sits in each HTTP/1 connection's Netty
 * pipeline, after the codec and before Vert.x, reached through Vert.x's connection base class.
 */
public final class CodecGuard extends ChannelInboundHandlerAdapter {
  private static final String NAME = "ironmq-codec-guard";

  /** Puts a guard in the pipeline of a new HTTP/1 connection (a server's connection handler). */
  public static void install(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
      if (pipeline.get("httpEncoder") != null && pipeline.get(NAME) == null) {
        pipeline.addAfter("httpEncoder", NAME, new CodecGuard());
      }
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object message) {
    WireProblem problem = null;
    if (message instanceof HttpRequest request) {
      problem = problemOf(request.decoderResult());
      if (problem == null && !isSupported(request.protocolVersion())) {
        problem =
            new WireProblem.UnsupportedFraming(
                request.protocolVersion().text() + " is not supported; use HTTP/1.1");
      }
    } else if (message instanceof HttpContent content && content.decoderResult().isFailure()) {
      problem = new WireProblem.Malformed("The request body is not valid chunked encoding");
    }
    if (problem == null) {
      ctx.fireChannelRead(message);
      return;
    }
    ReferenceCountUtil.release(message);
    refuse(ctx, problem);
  }

  private static WireProblem problemOf(DecoderResult result) {
    if (result.isSuccess()) {
      return null;
    }
    Throwable cause = result.cause();
    if (cause instanceof TooLongHttpLineException) {
      return new WireProblem.RequestLineTooLong("The request line is too long");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new WireProblem.HeadersTooLarge("The request headers are too large");
    }
    return new WireProblem.Malformed("The request is not valid HTTP/1.1");
  }

  private static boolean isSupported(HttpVersion version) {
    return version.majorVersion() == 1 && version.minorVersion() <= 1;
  }

  private static void refuse(ChannelHandlerContext ctx, WireProblem problem) {
    ErrorMapper.HttpError error = ErrorMapper.map(new WireProblemException(problem));
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(error.status()),
            Unpooled.wrappedBuffer(Json.message(error.message()).getBytes()));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpApi.APPLICATION_JSON)
        .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
