package ${package};
public final class App {}
