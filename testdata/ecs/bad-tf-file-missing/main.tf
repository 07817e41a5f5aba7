resource "aws_ecs_task_definition" "x" {
  family                = "x"
  container_definitions = file("${path.module}/missing.json")
}
