package dev.reflect.importer.mcp;

/** Which project a call searches: the one named, all (null), or (left out) the working directory's. */
record Scope(String project, boolean defaulted) {

    static Scope of(Arguments args, String defaultProject) {
        String project = args.text("project");
        if (project == null || project.isBlank()) {
            return new Scope(defaultProject, true);
        }
        if (project.strip().equalsIgnoreCase("all")) {
            return new Scope(null, false);
        }
        return new Scope(WorkingProject.resolve(project), false);
    }

    String describe() {
        return project == null ? "all projects" : "project " + project;
    }
}
