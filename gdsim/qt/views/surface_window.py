"""The 3-D view's OpenGL surface: pyqtgraph's GLViewMixin on a QOpenGLWindow, held in the widget tree by a
window container.

A QOpenGLWidget makes Qt compose the whole top-level window through OpenGL on every frame; with Mesa's
llvmpipe (no GPU: classroom PCs, virtual machines) that cost about 30 ms a frame for the 2-D views'
sake alone. A QOpenGLWindow draws only itself, and the rest of the window stays in the raster backing store.

A window container is a native window on top of its siblings, so the widgets drawn over the 3-D view
(its axis labels, the Reset View button) are native windows too (surface_axes.float_over), stacked above it.
"""

from __future__ import annotations

import shiboken6
from pyqtgraph.opengl.GLViewWidget import GLViewMixin
from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPalette, QSurfaceFormat
from PySide6.QtOpenGL import QOpenGLFramebufferObject, QOpenGLFramebufferObjectFormat, QOpenGLWindow
from PySide6.QtWidgets import QVBoxLayout, QWidget

from gdsim.qt.views.surface_axes import float_over

HELD_AFTER = (QEvent.Type.Show, QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.ParentChange)


class SurfaceWindow(GLViewMixin, QOpenGLWindow):
    """What GLViewWidget is, as a window: the same camera, items, mouse and wheel handling."""

    def __init__(self):
        super().__init__()
        surface_format = QSurfaceFormat.defaultFormat()
        surface_format.setDepthBufferSize(24)  # the surface hides what lies behind its hills
        self.setFormat(surface_format)
        self._backdrop_items: tuple = ()
        self._backdrop: QOpenGLFramebufferObject | None = None
        self._backdrop_key = None
        self._backdrop_version = 0
        self._addition = None  # an item drawn onto the kept picture once, when asked (add_to_backdrop)
        self.addition_pending = False
        self._blit: bool | None = None  # whether this context can copy framebuffers, known at the first paint

    def devicePixelRatioF(self) -> float:
        return self.devicePixelRatio()

    def rect(self) -> QRect:
        return QRect(0, 0, self.width(), self.height())

    def set_backdrop(self, *items, addition=None) -> None:
        """Draw `items` (top-level items) once into a picture kept until the camera, the size or their data
        changes, and copy it in at each paint: the surface's mesh took most of a paint with llvmpipe, and
        every frame of play drew it again for balls that moved. The items drawn over it test no depth, so
        the copy shows the same pixels. `addition` is drawn onto the picture once at each add_to_backdrop
        (what a new step adds to the trails), and never otherwise."""
        self._backdrop_items = items
        self._addition = addition
        self.backdrop_changed()

    def backdrop_changed(self) -> None:
        """The backdrop items' data changed: draw them again at the next paint."""
        self._backdrop_version += 1
        self.update()

    def add_to_backdrop(self) -> None:
        """Draw the addition item onto the kept picture at the next paint (if the picture is drawn anew
        instead, the backdrop items must hold what the addition held)."""
        self.addition_pending = True
        self.update()

    def paintGL(self) -> None:
        if self.width() <= 0 or self.height() <= 0:
            return  # squeezed shut by its splitter: pyqtgraph's projection divides by the size
        from OpenGL import GL

        width, height = self.deviceWidth(), self.deviceHeight()
        region = self.getViewport()
        self.setProjection(region, region)
        self.setModelview()
        if not self._can_keep_picture():
            GL.glViewport(0, 0, width, height)
            GL.glClearColor(*self.opts["bgcolor"])
            GL.glClear(GL.GL_DEPTH_BUFFER_BIT | GL.GL_COLOR_BUFFER_BIT)
            self._draw_items([item for item in self.items if item is not self._addition])
            self.addition_pending = False
            return
        target = GL.glGetIntegerv(GL.GL_DRAW_FRAMEBUFFER_BINDING)  # the window's, or an export's framebuffer
        self._draw_backdrop(width, height)
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, self._backdrop.handle())
        GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, target)
        GL.glBlitFramebuffer(0, 0, width, height, 0, 0, width, height, GL.GL_COLOR_BUFFER_BIT, GL.GL_NEAREST)
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, target)
        GL.glViewport(0, 0, width, height)
        GL.glClear(GL.GL_DEPTH_BUFFER_BIT)
        self._draw_items([item for item in self.items if item not in self._backdrop_items and item is not self._addition])

    def _can_keep_picture(self) -> bool:
        """Whether framebuffers can be copied here (OpenGL 3.0 or ES 3.0); else every paint draws everything."""
        if self._blit is None:
            from OpenGL import GL

            context = self.context()
            self._blit = bool(GL.glBlitFramebuffer) and (not context.isOpenGLES() or context.format().majorVersion() >= 3)
        return self._blit

    def _draw_backdrop(self, width: int, height: int) -> None:
        from OpenGL import GL

        key = (tuple(self.currentProjection().data()), tuple(self.currentModelView().data()), width, height,
               self.opts["bgcolor"], self._backdrop_version, tuple(item.visible() for item in self._backdrop_items))
        if self._backdrop is None or self._backdrop.size() != QSize(width, height):
            fbo_format = QOpenGLFramebufferObjectFormat()
            fbo_format.setAttachment(QOpenGLFramebufferObject.Attachment.Depth)
            self._backdrop = QOpenGLFramebufferObject(QSize(width, height), fbo_format)
            self._backdrop_key = None
        if key == self._backdrop_key and not self.addition_pending:
            return
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, self._backdrop.handle())
        GL.glViewport(0, 0, width, height)
        if key == self._backdrop_key:
            self._draw_items([self._addition])
        else:
            GL.glClearColor(*self.opts["bgcolor"])
            GL.glClear(GL.GL_DEPTH_BUFFER_BIT | GL.GL_COLOR_BUFFER_BIT)
            self._draw_items([item for item in self.items if item in self._backdrop_items])
        self.addition_pending = False
        self._backdrop_key = key

    def _draw_items(self, items: list) -> None:
        """What GLViewMixin.drawItemTree does for the whole scene, for some of its top-level items."""
        for item in sorted((item for item in items if item.parentItem() is None), key=lambda i: i.depthValue()):
            if not item.visible():
                continue
            self._modelViewStack.append(self.currentModelView() * item.transform())
            try:
                self.drawItemTree(item)
            finally:
                self._modelViewStack.pop()

    def grabFramebuffer(self) -> QImage:
        """The view drawn now into a framebuffer of its own: a window's back buffer is undefined after
        a swap, so QOpenGLWindow's own grab cannot be trusted outside paintGL."""
        if not self.isValid():
            return QImage()
        from OpenGL import GL

        self.makeCurrent()
        fbo_format = QOpenGLFramebufferObjectFormat()
        fbo_format.setAttachment(QOpenGLFramebufferObject.Attachment.CombinedDepthStencil)
        fbo = QOpenGLFramebufferObject(QSize(self.deviceWidth(), self.deviceHeight()), fbo_format)
        fbo.bind()
        try:
            self.paintGL()
            GL.glFinish()
            image = fbo.toImage()
        finally:
            fbo.release()
        image.setDevicePixelRatio(self.devicePixelRatio())
        return image


class SurfaceFrame(QWidget):
    """The widget that holds the 3-D window, and the picture of it that export and screenshots draw
    (a window container cannot be rendered as a widget)."""

    def __init__(self, window: SurfaceWindow, background: QColor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAutoFillBackground(True)  # what the labels, native windows over the view, show around their text
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, background)
        self.setPalette(palette)
        self.gl_window = window
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)  # the container and labels inside its window
        self.container = QWidget.createWindowContainer(window, self)
        # The OpenGL window inside the container's own native window: left to the container, it is a child
        # of the top-level's, which the native labels cannot be stacked above (measured under X11).
        float_over(self.container)
        self.container.installEventFilter(self)
        # The container deletes the window; without this Python would too, at exit, while the container
        # still holds it (a crash in QApplication's destructor).
        QObject.setParent(window, window.parent())
        self.container.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.container)

    def grabFramebuffer(self) -> QImage:
        return self.gl_window.grabFramebuffer()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.container and event.type() in HELD_AFTER:
            QTimer.singleShot(0, self, self._hold_window)  # after the container has placed the window its own way
        return False

    def _hold_window(self) -> None:
        handle = self.container.windowHandle()
        if handle is not None and shiboken6.isValid(self.gl_window):
            if self.gl_window.parent() is not handle:
                self.gl_window.setParent(handle)
            self.gl_window.setGeometry(QRect(0, 0, self.container.width(), self.container.height()))

    def painted_children(self) -> list[QWidget]:
        """The children a picture draws over the framebuffer: all but the container."""
        return [child for child in self.children() if isinstance(child, QWidget) and child is not self.container
                and not child.isWindow() and child.isVisible()]

