fn main() {
    asyncviz::start();
}
